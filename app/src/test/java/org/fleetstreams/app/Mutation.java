package org.fleetstreams.app;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * Ways a real input record goes wrong, each applied to the record's JSON as the replayer writes it. {@link #alwaysBad}
 * says whether every record so changed must become a dead letter; the others (a bit flip in a digit, a record sent
 * twice, an old timestamp) may stay valid, and are then only held to the accounting.
 */
enum Mutation {
    NONE(false),
    TRUNCATED(true),
    BIT_FLIPPED(false),
    /** A required number as a string, a boolean, an array or an object. */
    WRONG_TYPE(true),
    /** ±1e308 where a range is checked (coordinates, g), or 1e400 (infinite as a double) anywhere. */
    HUGE_VALUE(true),
    /** NaN or ±Infinity, as JSON tokens (not JSON) or as strings (which Jackson reads as doubles). */
    NOT_FINITE(true),
    /** A second {@code ride_id} field naming another ride (Jackson keeps the last). */
    DUPLICATED_FIELD(true),
    MISSING_FIELD(true),
    /** The same record twice, as a producer retry without idempotence sends it. */
    DUPLICATED_RECORD(false),
    /** A fix on the accelerations topic or a sample on the locations topic. */
    WRONG_TOPIC(true),
    KEY_NOT_RIDE(true),
    NULL_VALUE(true),
    /** Event time ten minutes in the past: valid, then late for the results that have moved on. */
    OLD_EVENT_TIME(false);

    private static final List<String> FIX_NUMBERS = List.of("offset", "course", "latitude", "longitude", "speed", "accuracy");
    private static final List<String> SAMPLE_NUMBERS = List.of("offset", "x", "y", "z");
    private static final List<String> WRONG_TYPES = List.of("\"abc\"", "true", "[1.0]", "{}", "\"\"");
    private static final List<String> NOT_FINITE_VALUES = List.of("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"-Infinity\"");

    final boolean alwaysBad;

    Mutation(boolean alwaysBad) {
        this.alwaysBad = alwaysBad;
    }

    /** One record to pipe: which topic, key, value and timestamp. */
    record Piped(boolean location, String key, byte[] value, long timestamp) {
    }

    /** What this mutation makes of {@code reading}: usually one record, two for {@link #DUPLICATED_RECORD}. */
    List<Piped> apply(SensorReading reading, Random random) {
        boolean location = reading instanceof LocationFix;
        String json = json(reading);
        String key = reading.rideId();
        long t = reading.eventTime();
        List<String> numbers = location ? FIX_NUMBERS : SAMPLE_NUMBERS;
        return switch (this) {
            case NONE -> List.of(piped(location, key, json, t));
            case TRUNCATED -> List.of(piped(location, key, json.substring(0, random.nextInt(json.length() - 1)), t));
            case BIT_FLIPPED -> {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield List.of(new Piped(location, key, bytes, t));
            }
            case WRONG_TYPE -> List.of(piped(location, key, replace(json, pick(numbers, random), pick(WRONG_TYPES, random)), t));
            case HUGE_VALUE -> {
                List<String> ranged = location ? List.of("latitude", "longitude") : List.of("x", "y", "z");
                yield List.of(random.nextBoolean()
                        ? piped(location, key, replace(json, pick(ranged, random), random.nextBoolean() ? "1e308" : "-1e308"), t)
                        : piped(location, key, replace(json, pick(numbers, random), "1e400"), t));
            }
            case NOT_FINITE -> List.of(piped(location, key, replace(json, pick(numbers, random), pick(NOT_FINITE_VALUES, random)), t));
            case DUPLICATED_FIELD -> List.of(piped(location, key, json.replace("}", ",\"ride_id\":\"" + key + "-other\"}"), t));
            case MISSING_FIELD -> {
                String field = random.nextInt(numbers.size() + 1) == 0 ? "ride_id" : pick(numbers, random);
                yield List.of(piped(location, key, json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*),?", ""), t));
            }
            case DUPLICATED_RECORD -> List.of(piped(location, key, json, t), piped(location, key, json, t));
            case WRONG_TOPIC -> List.of(piped(!location, key, json, t));
            case KEY_NOT_RIDE -> List.of(piped(location, key + "-other", json, t));
            case NULL_VALUE -> List.of(new Piped(location, key, null, t));
            case OLD_EVENT_TIME -> {
                SensorReading old = reading.withIdentity(reading.id(), reading.rideId(), reading.uuid(), t - 600_000);
                yield List.of(piped(location, key, json(old), t - 600_000));
            }
        };
    }

    private static Piped piped(boolean location, String key, String json, long timestamp) {
        return new Piped(location, key, json.getBytes(StandardCharsets.UTF_8), timestamp);
    }

    private static String json(SensorReading reading) {
        byte[] bytes = reading instanceof LocationFix fix ? FleetSerdes.locationFix().toBytes(fix)
                : FleetSerdes.accelerationSample().toBytes((AccelerationSample) reading);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The JSON with field {@code name}'s number replaced by {@code value} (the replayer writes every number). */
    private static String replace(String json, String name, String value) {
        Matcher m = Pattern.compile("\"" + name + "\":[^,}]*").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no field " + name + " in " + json);
        }
        return json.substring(0, m.start()) + "\"" + name + "\":" + value + json.substring(m.end());
    }

    private static <T> T pick(List<T> items, Random random) {
        return items.get(random.nextInt(items.size()));
    }
}
