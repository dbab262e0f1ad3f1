package org.fleetstreams.common;

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
     * An {@code event_time} written as a float (Python's {@code json.dumps} of {@code time.time() * 1000} writes
     * {@code 1503878401525.0}), to the nearest millisecond; 0 (none) when it is not a finite number a long can hold.
     * Read as absent it would leave the record timestamp to stand in for event time without a word.
     */
    public static long eventTimeOf(double ms) {
        return Double.isFinite(ms) && Math.abs(ms) < 9.0e18 ? Math.round(ms) : 0;
    }
}
