package org.fleetstreams.generate;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The real BDD files' schemas, column for column (written by fastparquet; every column optional). Note
 * {@code timestamp}: typed TIMESTAMP(MICROS) but holding epoch seconds, counting down within a ride, as in the
 * real data.
 */
public final class BddSchema {

    public static final MessageType LOCATIONS = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary id (STRING);
              optional binary ride_id (STRING);
              optional binary uuid (STRING);
              optional int64 timestamp (TIMESTAMP(MICROS,true));
              optional double offset;
              optional double course;
              optional double latitude;
              optional double longitude;
              optional binary geohash (STRING);
              optional double speed;
              optional double accuracy;
              optional boolean timelapse;
              optional binary filename (STRING);
            }""");

    public static final MessageType ACCELERATIONS = MessageTypeParser.parseMessageType("""
            message schema {
              optional binary id (STRING);
              optional binary ride_id (STRING);
              optional binary uuid (STRING);
              optional int64 timestamp (TIMESTAMP(MICROS,true));
              optional double offset;
              optional double x;
              optional double y;
              optional double z;
              optional boolean timelapse;
              optional binary filename (STRING);
            }""");

    private BddSchema() {
    }
}
