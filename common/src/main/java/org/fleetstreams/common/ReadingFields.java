package org.fleetstreams.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * The input JSON's field names and which of them are required, once: the records' Jackson annotations, the
 * hand-written readers ({@link ReadingJson}, {@link ReadingBytes}) and writer ({@link ReadingJsonWriter}) all use these.
 * The names are the course's; {@code event_time} is ours.
 */
public final class ReadingFields {

    public static final String OFFSET = "offset";
    public static final String ID = "id";
    public static final String RIDE_ID = "ride_id";
    public static final String UUID = "uuid";
    public static final String COURSE = "course";
    public static final String LATITUDE = "latitude";
    public static final String LONGITUDE = "longitude";
    public static final String GEOHASH = "geohash";
    public static final String SPEED = "speed";
    public static final String ACCURACY = "accuracy";
    public static final String X = "x";
    public static final String Y = "y";
    public static final String Z = "z";
    public static final String EVENT_TIME = "event_time";

    /** A GPS fix's fields in the order they are written. */
    public static final List<String> LOCATION = List.of(OFFSET, ID, RIDE_ID, UUID, COURSE, LATITUDE, LONGITUDE, GEOHASH,
            SPEED, ACCURACY, EVENT_TIME);
    /** An accelerometer sample's fields in the order they are written. */
    public static final List<String> ACCELERATION = List.of(OFFSET, ID, RIDE_ID, UUID, X, Y, Z, EVENT_TIME);

    /**
     * A GPS fix's required fields: missing or null is an error, never 0.0 (every number, and {@code ride_id}). The
     * records' Jackson annotations say the same ({@code JsonFormatTest} holds them to it), and both readers check these.
     */
    public static final List<String> LOCATION_REQUIRED = List.of(OFFSET, RIDE_ID, COURSE, LATITUDE, LONGITUDE, SPEED,
            ACCURACY);
    /** An accelerometer sample's required fields, as {@link #LOCATION_REQUIRED}. */
    public static final List<String> ACCELERATION_REQUIRED = List.of(OFFSET, RIDE_ID, X, Y, Z);

    private ReadingFields() {
    }

    /**
     * What a reading's {@code event_time} holds when the field is given but is no number a long holds: a string
     * ({@code "1503878401525"}, an ISO date), a boolean, an array, an object, or a number out of a long's range. Not
     * 0, which means "none" (the field missing or null): the producer meant a time, and reading it as absent would
     * let the record timestamp (when the record was sent) stand in for it without a word. As an epoch-ms time it is
     * implausible, so the app dead-letters the reading and says why.
     */
    public static final long EVENT_TIME_NOT_A_NUMBER = Long.MIN_VALUE;

    /**
     * An {@code event_time} given as 0 (or as a float that truncates to it, or -0): a time in 1970, as a phone with an
     * unset clock sends it, not "none". Read as 0 it was taken for a missing field, and the record timestamp (when the
     * record was sent) stood in for it without a word; as this, the app finds it implausible and dead-letters it.
     */
    public static final long EVENT_TIME_ZERO = Long.MIN_VALUE + 1;

    /** {@code ms} as an event time read from a value: 0 is {@link #EVENT_TIME_ZERO}, as 0 means "none" in a reading. */
    public static long givenEventTime(long ms) {
        return ms == 0 ? EVENT_TIME_ZERO : ms;
    }

    /**
     * An {@code event_time} written as a float (Python's {@code json.dumps} of {@code time.time() * 1000} writes
     * {@code 1503878401525.0}), truncated to its millisecond, as Java's {@code Instant.toEpochMilli} and Spark's
     * windows do: a reading at 14,999.6 ms is in the windows that end at 15 s, as the same instant is in Spark's, not
     * in those that start there; {@link #EVENT_TIME_NOT_A_NUMBER} when it is not a finite number a long can hold.
     */
    public static long eventTimeOf(double ms) {
        return Double.isFinite(ms) && Math.abs(ms) < 9.0e18 ? givenEventTime((long) Math.floor(ms)) : EVENT_TIME_NOT_A_NUMBER;
    }

    /**
     * The {@code event_time} whose value token {@code v} the parser is at: a number a long holds as it is, a float
     * by {@link #eventTimeOf(double)}, {@code null} as none (0), anything else {@link #EVENT_TIME_NOT_A_NUMBER} (and
     * skipped). One reading of the field for the reading parser and the timestamp extractor's scan of raw bytes.
     */
    public static long eventTimeOf(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return givenEventTime(p.getLongValue());
        }
        if (v == JsonToken.VALUE_NUMBER_FLOAT) {
            return eventTimeOf(p.getDoubleValue());
        }
        if (v == JsonToken.VALUE_NULL) {
            return 0;
        }
        p.skipChildren();
        return EVENT_TIME_NOT_A_NUMBER;
    }
}
