package org.fleetstreams.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One minute of a ride as a producer without event times publishes it: exactly the course's fields, the offset in
 * seconds the only clock; a fix every 2 s at 10 m/s due north, 50 Hz of a phone lying still. With what the offsets
 * alone say the app must make of it: each sample paired with each fix at most 2 s away, 30 s windows every 15 s
 * aligned to the epoch.
 */
public final class OffsetRows {

    public static final String RIDE = "ride-offset";
    public static final long RIDE_MS = 60_000;
    public static final double SPEED = 10.0;
    public static final long FIX_EVERY_MS = 2_000;
    public static final long SAMPLE_EVERY_MS = 20;
    public static final long WINDOW_MS = 30_000;
    public static final long ADVANCE_MS = 15_000;
    public static final long JOIN_MS = 2_000;

    private OffsetRows() {
    }

    /** One row: which input, its offset in ms, its JSON. */
    public record Row(boolean fix, long offsetMs, String json) {
    }

    /** One minute of a ride, both inputs interleaved in offset order (a fix before a sample at one offset). */
    public static List<Row> ride() {
        List<Row> rows = new ArrayList<>();
        for (long t = 0; t < RIDE_MS; t += FIX_EVERY_MS) {
            rows.add(fixRow(t));
        }
        for (long t = 0; t < RIDE_MS; t += SAMPLE_EVERY_MS) {
            rows.add(sampleRow(t));
        }
        rows.sort(Comparator.comparingLong(Row::offsetMs).thenComparing(r -> !r.fix()));
        return rows;
    }

    public static Row fixRow(long offsetMs) {
        double metresNorth = SPEED * offsetMs / 1000.0;
        return new Row(true, offsetMs, String.format(Locale.ROOT, "{\"offset\":%s,\"id\":null,\"ride_id\":\"%s\","
                + "\"uuid\":\"u-1\",\"course\":0.0,\"latitude\":%s,\"longitude\":-73.96,\"geohash\":\"dr5ru\","
                + "\"speed\":%s,\"accuracy\":10.0}", offsetMs / 1000.0, RIDE, 40.76 + metresNorth / 111_195.0, SPEED));
    }

    public static Row sampleRow(long offsetMs) {
        return new Row(false, offsetMs, String.format(Locale.ROOT, "{\"offset\":%s,\"id\":null,\"ride_id\":\"%s\","
                + "\"uuid\":\"u-1\",\"x\":0.0,\"y\":0.0,\"z\":-1.0}", offsetMs / 1000.0, RIDE));
    }

    /** Each sample with each fix at most the join difference away, by offset. */
    public static int expectedPairs(List<Row> rows) {
        int pairs = 0;
        for (Row f : rows) {
            for (Row s : rows) {
                if (f.fix() && !s.fix() && Math.abs(f.offsetMs() - s.offsetMs()) <= JOIN_MS) {
                    pairs++;
                }
            }
        }
        return pairs;
    }

    /** Window start (epoch ms) to the samples in it, for every window holding a row. */
    public static Map<Long, Long> expectedSamplesPerWindow(long epoch, List<Row> rows) {
        Map<Long, Long> counts = new TreeMap<>();
        for (Row r : rows) {
            long last = Math.floorDiv(r.offsetMs(), ADVANCE_MS) * ADVANCE_MS;
            for (long w = last; w > r.offsetMs() - WINDOW_MS; w -= ADVANCE_MS) {
                counts.merge(epoch + w, r.fix() ? 0L : 1L, Long::sum);
            }
        }
        return counts;
    }
}
