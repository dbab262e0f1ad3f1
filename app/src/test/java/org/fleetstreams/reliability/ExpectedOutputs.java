package org.fleetstreams.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetstreams.common.admin.ClosingRecords;

/**
 * What the app must write for a set of input records, computed without the topology: joined pairs by a nested loop
 * over each ride's fixes and samples, and each (ride, window)'s fix and sample counts and speeds by direct counting.
 * It parses the JSON itself (a tree, not the app's readers), so a bug shared by the app's parsing and its reference
 * run still shows up here.
 */
final class ExpectedOutputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIX_NUMBERS = {"offset", "course", "latitude", "longitude", "speed", "accuracy"};
    private static final String[] SAMPLE_NUMBERS = {"offset", "x", "y", "z"};

    /** 2000-01-01 and 2100-01-01 in epoch ms: a time outside is a unit mistake, as the brief's house rules read it. */
    private static final long FIRST_PLAUSIBLE_MS = 946_684_800_000L;
    private static final long END_PLAUSIBLE_MS = 4_102_444_800_000L;

    /** A valid input reading as the verifier sees it. */
    record Reading(boolean fix, String ride, long time, double speed) {
    }

    private final Map<String, List<Reading>> byRide = new TreeMap<>();
    private final long joinDifferenceMs;
    private final long windowSizeMs;
    private final long windowAdvanceMs;

    ExpectedOutputs(List<InputRecord> inputs, String locationsTopic, long joinDifferenceMs, long windowSizeMs,
                    long windowAdvanceMs) {
        this.joinDifferenceMs = joinDifferenceMs;
        this.windowSizeMs = windowSizeMs;
        this.windowAdvanceMs = windowAdvanceMs;
        for (InputRecord r : inputs) {
            Reading reading = parse(r, r.topic().equals(locationsTopic));
            if (reading != null && !ClosingRecords.isClosing(reading.ride())) {
                byRide.computeIfAbsent(reading.ride(), k -> new ArrayList<>()).add(reading);
            }
        }
    }

    /** The reading in {@code r}, or null when it is not a complete, plausible reading of its topic's kind. */
    static Reading parse(InputRecord r, boolean fix) {
        JsonNode node;
        try {
            node = r.value() == null ? null : JSON.readTree(r.value());
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isObject() || !node.path("ride_id").isTextual() || node.get("ride_id").asText().isBlank()) {
            return null;
        }
        for (String field : fix ? FIX_NUMBERS : SAMPLE_NUMBERS) {
            if (!node.path(field).isNumber() || !Double.isFinite(node.get(field).asDouble())) {
                return null;
            }
        }
        Long time = eventTime(node.get("event_time"), r.timestamp());
        return time == null ? null : new Reading(fix, node.get("ride_id").asText(), time, fix ? node.get("speed").asDouble() : 0);
    }

    /**
     * A reading's event time as the contract says (docs/architecture.md, "Dead letters"), or null when it has none the
     * app can use (it is then a dead letter, with no outputs): an {@code event_time} number (a float truncated to the
     * millisecond, as Spark's windows place it) when it is a plausible epoch-ms time; none given ({@code null} or
     * missing), the record timestamp when that is plausible. A given but implausible one (seconds, microseconds, 0:
     * 1970) or one that is not a number (a string, a boolean, an object) is not replaced by the record timestamp.
     */
    static Long eventTime(JsonNode given, long recordTimestamp) {
        long time;
        if (given == null || given.isNull()) {
            time = recordTimestamp;
        } else if (given.isIntegralNumber() && given.canConvertToLong()) {
            time = given.asLong();
        } else if (given.isFloatingPointNumber() && Math.abs(given.asDouble()) < 9.0e18) {
            time = (long) Math.floor(given.asDouble());
        } else {
            return null;
        }
        return time >= FIRST_PLAUSIBLE_MS && time < END_PLAUSIBLE_MS ? time : null;
    }

    /** Every (ride, fix time, sample time) pair at most the join difference apart, as often as it must appear. */
    Multiset joinedPairs() {
        Multiset pairs = new Multiset();
        for (Map.Entry<String, List<Reading>> ride : byRide.entrySet()) {
            List<Reading> fixes = ride.getValue().stream().filter(Reading::fix).toList();
            for (Reading sample : ride.getValue()) {
                if (sample.fix()) {
                    continue;
                }
                for (Reading fix : fixes) {
                    if (Math.abs(fix.time() - sample.time()) <= joinDifferenceMs) {
                        pairs.add(joinedKey(ride.getKey(), fix.time(), sample.time()));
                    }
                }
            }
        }
        return pairs;
    }

    static String joinedKey(String ride, long fixTime, long sampleTime) {
        return ride + " fix@" + fixTime + " sample@" + sampleTime;
    }

    /** Per (ride, window start): the counts and speeds every final summary must carry. */
    Map<String, String> summaryFigures() {
        Map<String, String> figures = new TreeMap<>();
        for (Map.Entry<String, List<Reading>> ride : byRide.entrySet()) {
            Map<Long, List<Reading>> windows = new HashMap<>();
            for (Reading r : ride.getValue()) {
                long last = Math.floorDiv(r.time(), windowAdvanceMs) * windowAdvanceMs;
                for (long start = last; start > r.time() - windowSizeMs; start -= windowAdvanceMs) {
                    windows.computeIfAbsent(start, s -> new ArrayList<>()).add(r);
                }
            }
            windows.forEach((start, readings) -> figures.put(summaryKey(ride.getKey(), start), figures(readings)));
        }
        return figures;
    }

    static String summaryKey(String ride, long windowStart) {
        return ride + " window@" + windowStart;
    }

    /** fixes, samples, mean and max of the known speeds (−1 and other negatives are "unknown"). */
    static String figures(List<Reading> readings) {
        long fixes = readings.stream().filter(Reading::fix).count();
        long samples = readings.size() - fixes;
        double[] speeds = readings.stream().filter(Reading::fix).mapToDouble(Reading::speed).filter(s -> s >= 0).toArray();
        Double mean = speeds.length == 0 ? null : Arrays.stream(speeds).sum() / speeds.length;
        Double max = speeds.length == 0 ? null : Arrays.stream(speeds).max().getAsDouble();
        return figures(fixes, samples, mean, max);
    }

    static String figures(long fixes, long samples, Double meanSpeed, Double maxSpeed) {
        return "fixes=" + fixes + " samples=" + samples + " mean=" + round(meanSpeed) + " max=" + round(maxSpeed);
    }

    static String round(Double d) {
        return d == null ? "null" : String.format("%.6f", d);
    }

    /** The readings ordered as a single consumer of both inputs would see them in event time. */
    static List<InputRecord> inEventTimeOrder(List<InputRecord> inputs, String locationsTopic) {
        List<InputRecord> sorted = new ArrayList<>(inputs);
        sorted.sort(Comparator.comparingLong(InputRecord::timestamp)
                .thenComparing(r -> r.topic().equals(locationsTopic) ? 0 : 1)
                .thenComparingInt(InputRecord::partition).thenComparingLong(InputRecord::offset));
        return sorted;
    }
}
