package org.fleetstreams.replay;

/**
 * Schedule lag (how late a record was handed to Kafka versus its simulated-time target), in a fixed-size
 * histogram: 1 µs buckets below 10 ms, 100 µs buckets below 1 s, then one overflow bucket. Constant memory
 * however long a {@code --loop} runs; percentiles are exact to the bucket width. Single writer.
 */
public final class LagHistogram {

    private static final int FINE = 10_000;     // 0..9,999 µs, 1 µs wide
    private static final int COARSE = 9_900;    // 10 ms..999.9 ms, 100 µs wide
    private final long[] counts = new long[FINE + COARSE + 1];
    private long total;
    private long maxMicros;

    public void record(long lagNanos) {
        long micros = Math.max(0, lagNanos / 1000);
        int bucket;
        if (micros < FINE) {
            bucket = (int) micros;
        } else if (micros < 1_000_000) {
            bucket = FINE + (int) ((micros - FINE) / 100);
        } else {
            bucket = FINE + COARSE;
        }
        counts[bucket]++;
        total++;
        maxMicros = Math.max(maxMicros, micros);
    }

    public long count() {
        return total;
    }

    /** The lag, in milliseconds, that {@code p} (0..1) of the records did not exceed (bucket upper bound). */
    public double percentileMillis(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank && counts[b] > 0) {
                long upperMicros = b < FINE ? b + 1 : b < FINE + COARSE ? FINE + (b - FINE + 1) * 100L : maxMicros;
                return Math.min(upperMicros, maxMicros) / 1000.0;
            }
        }
        return maxMillis();
    }

    public double maxMillis() {
        return maxMicros / 1000.0;
    }
}
