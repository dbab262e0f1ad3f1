package org.fleetstreams.common;

import static org.fleetstreams.common.ReadingFields.*;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * Hand-written readers for the two input schemas, on Jackson's streaming parser. The app reads every input record
 * through one of them (tens of thousands a second); Jackson's data binding through the records' creators cost
 * about twice as much (app benchmark, README). Field names are {@link ReadingFields}' (as are the records'
 * annotations and {@link ReadingJsonWriter}'s); the rules are the ones the records' annotations state, and
 * {@code JsonFormatTest} holds both readers to them:
 * <ul>
 *   <li>fields in any order; unknown ones are skipped (producers may add columns); a repeated field: the last wins;</li>
 *   <li>the {@link ReadingFields#LOCATION_REQUIRED required fields} (every number and {@code ride_id}): missing or
 *       null is an error, never 0.0;</li>
 *   <li>{@code id}, {@code uuid}, {@code geohash} may be missing or null;</li>
 *   <li>{@code event_time} counts as a number a long holds, a float truncated to its millisecond
 *       ({@link ReadingFields#eventTimeOf(JsonParser, JsonToken)}, shared with the timestamp extractor); missing or
 *       null is none (0); anything else (a string, an array, a number out of range) is
 *       {@link ReadingFields#EVENT_TIME_NOT_A_NUMBER}.</li>
 * </ul>
 * Grammar errors (and non-standard tokens such as {@code NaN}) are Jackson's, with its messages.
 */
final class ReadingJson {

    // A bit per required field, by its place in ReadingFields' list.
    private static final int A_OFFSET = bit(ACCELERATION_REQUIRED, OFFSET), A_RIDE_ID = bit(ACCELERATION_REQUIRED, RIDE_ID),
            A_X = bit(ACCELERATION_REQUIRED, X), A_Y = bit(ACCELERATION_REQUIRED, Y), A_Z = bit(ACCELERATION_REQUIRED, Z);
    private static final int L_OFFSET = bit(LOCATION_REQUIRED, OFFSET), L_RIDE_ID = bit(LOCATION_REQUIRED, RIDE_ID),
            L_COURSE = bit(LOCATION_REQUIRED, COURSE), L_LATITUDE = bit(LOCATION_REQUIRED, LATITUDE),
            L_LONGITUDE = bit(LOCATION_REQUIRED, LONGITUDE), L_SPEED = bit(LOCATION_REQUIRED, SPEED),
            L_ACCURACY = bit(LOCATION_REQUIRED, ACCURACY);

    private ReadingJson() {
    }

    private static int bit(List<String> required, String name) {
        int i = required.indexOf(name);
        if (i < 0) {
            throw new IllegalStateException(name + " is read as required but not in " + required);
        }
        return 1 << i;
    }

    static AccelerationSample acceleration(JsonParser p) throws IOException {
        start(p);
        double offset = Double.NaN, x = Double.NaN, y = Double.NaN, z = Double.NaN;
        String id = null, rideId = null, uuid = null;
        long eventTime = 0;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case OFFSET -> { offset = number(p, v, name); seen |= A_OFFSET; }
                case X -> { x = number(p, v, name); seen |= A_X; }
                case Y -> { y = number(p, v, name); seen |= A_Y; }
                case Z -> { z = number(p, v, name); seen |= A_Z; }
                case RIDE_ID -> { rideId = required(p, text(p, v, name), name); seen |= A_RIDE_ID; }
                case ID -> id = text(p, v, name);
                case UUID -> uuid = text(p, v, name);
                case EVENT_TIME -> eventTime = ReadingFields.eventTimeOf(p, v);
                default -> p.skipChildren();
            }
        }
        missing(p, seen, ACCELERATION_REQUIRED);
        return new AccelerationSample(offset, id, rideId, uuid, x, y, z, eventTime);
    }

    static LocationFix location(JsonParser p) throws IOException {
        start(p);
        double offset = Double.NaN, course = Double.NaN, latitude = Double.NaN, longitude = Double.NaN;
        double speed = Double.NaN, accuracy = Double.NaN;
        String id = null, rideId = null, uuid = null, geohash = null;
        long eventTime = 0;
        int seen = 0;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case OFFSET -> { offset = number(p, v, name); seen |= L_OFFSET; }
                case COURSE -> { course = number(p, v, name); seen |= L_COURSE; }
                case LATITUDE -> { latitude = number(p, v, name); seen |= L_LATITUDE; }
                case LONGITUDE -> { longitude = number(p, v, name); seen |= L_LONGITUDE; }
                case SPEED -> { speed = number(p, v, name); seen |= L_SPEED; }
                case ACCURACY -> { accuracy = number(p, v, name); seen |= L_ACCURACY; }
                case RIDE_ID -> { rideId = required(p, text(p, v, name), name); seen |= L_RIDE_ID; }
                case ID -> id = text(p, v, name);
                case UUID -> uuid = text(p, v, name);
                case GEOHASH -> geohash = text(p, v, name);
                case EVENT_TIME -> eventTime = ReadingFields.eventTimeOf(p, v);
                default -> p.skipChildren();
            }
        }
        missing(p, seen, LOCATION_REQUIRED);
        return new LocationFix(offset, id, rideId, uuid, course, latitude, longitude, geohash, speed, accuracy, eventTime);
    }

    private static void start(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new JsonParseException(p, "no JSON at all: the value is empty or blank");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, "expected a JSON object, found "
                    + (first.asString() != null ? first.asString() : first.name()));
        }
    }

    private static double number(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        throw new JsonParseException(p, (v == JsonToken.VALUE_NULL ? "null" : "not a number") + " for required property '"
                + name + "'");
    }

    private static String text(JsonParser p, JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new JsonParseException(p, "not a string for property '" + name + "'");
    }

    private static String required(JsonParser p, String value, String name) throws IOException {
        if (value == null) {
            throw new JsonParseException(p, "null for required property '" + name + "'");
        }
        return value;
    }

    private static void missing(JsonParser p, int seen, List<String> required) throws IOException {
        if (seen == (1 << required.size()) - 1) {
            return;
        }
        for (int i = 0; i < required.size(); i++) {
            if ((seen & (1 << i)) == 0) {
                throw new JsonParseException(p, "missing required property '" + required.get(i) + "'");
            }
        }
    }
}
