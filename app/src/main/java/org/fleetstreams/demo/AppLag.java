package org.fleetstreams.demo;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.fleetstreams.common.admin.TopicSetup;

/**
 * How far behind the replay the app is: in records (its consumer group's lag on the input topics) and in seconds of
 * event time, for the partition furthest behind: the latest pair the published records make there ({@link JoinFrontier})
 * minus the first pair there the app has not certainly written. How far it has got is the later of the latest event
 * time it has written to the joined topic's partition of the same number (a ride's inputs and its joined pairs share a
 * partition number: same key, same partition count, same partitioner) and, if its group had no lag there at the last
 * look, the latest pair published before that look (everything before it is processed and committed).
 */
final class AppLag implements AutoCloseable {

    /** Unknown lag (the group has committed nothing yet, or Kafka did not answer). */
    static final long UNKNOWN = -1;

    private final Admin admin;
    private final String group;
    private final List<String> inputs;
    private long lastRecords = UNKNOWN;
    private long lastAskedNanos;
    private long[] caughtUp = new long[0];

    AppLag(String bootstrapServers, String group, List<String> inputs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
        this.group = group;
        this.inputs = inputs;
    }

    /**
     * The app's lag on its inputs in records, asked of Kafka at most once a second.
     *
     * @param published the latest pair published per partition number now ({@link JoinFrontier#latest}), before
     *                  Kafka is asked
     */
    long records(long[] published) {
        long now = System.nanoTime();
        if (lastAskedNanos == 0 || now - lastAskedNanos > 1_000_000_000L) {
            lastAskedNanos = now;
            long[] before = published.clone();
            try {
                Map<TopicPartition, Long> lags = new TopicSetup(admin, Duration.ofSeconds(5)).groupLags(group, inputs);
                lastRecords = lags.values().stream().mapToLong(Long::longValue).sum();
                caughtUp = caughtUp(caughtUp, before, lags);
            } catch (RuntimeException e) {
                lastRecords = UNKNOWN;
            }
        }
        return lastRecords;
    }

    /** Per input partition number, the event time up to which the app had processed and committed everything. */
    long[] caughtUpTimes() {
        return caughtUp;
    }

    /**
     * Where the app had certainly got, per partition number: a partition with no lag in any input topic at a look
     * begun after {@code publishedBefore} was taken has processed and committed everything published by then.
     * Otherwise what was known before stays (the app does not go back).
     */
    static long[] caughtUp(long[] previous, long[] publishedBefore, Map<TopicPartition, Long> lags) {
        long[] lagByNumber = new long[publishedBefore.length];
        lags.forEach((tp, lag) -> {
            if (tp.partition() < lagByNumber.length) {
                lagByNumber[tp.partition()] += lag;
            }
        });
        long[] out = Arrays.copyOf(previous, Math.max(previous.length, publishedBefore.length));
        for (int p = previous.length; p < out.length; p++) {
            out[p] = Long.MIN_VALUE;
        }
        for (int p = 0; p < publishedBefore.length; p++) {
            if (lagByNumber[p] == 0 && publishedBefore[p] != Long.MIN_VALUE) {
                out[p] = Math.max(out[p], publishedBefore[p]);
            }
        }
        return out;
    }

    /** Makes the next {@link #records} ask Kafka, for a final frame that is up to date. */
    void refreshNext() {
        lastAskedNanos = 0;
    }

    /**
     * Where the pairs the app has not written begin in a partition ({@link JoinFrontier#unwrittenFrom}, which lets go
     * of what is written: {@link #behindMillis} passes it the app's progress, which only moves forward).
     */
    @FunctionalInterface
    interface Unwritten {
        /** @return the first unwritten pair's time, at least {@code written}; {@link Long#MAX_VALUE} if none */
        long from(int partition, long written);
    }

    /**
     * Event time behind, in ms: the largest, over the partitions, of the latest pair published there minus the first
     * pair there the app has not written (0 when it has written them all, or all but pairs at the latest time). How far
     * the app has got is the later of its latest joined record there and {@code caughtUp}. Time without pairs before
     * the first unwritten one (a pause between bursts of samples, the time before a partition's first ride) is not
     * counted: the app has nothing to write for it, and the record lag shows whether it has read those records. The
     * figure includes the commit that makes output visible.
     *
     * @param published the latest pair published per partition number ({@link JoinFrontier#latest}),
     *                  {@link Long#MIN_VALUE} if none
     * @param joined    the latest event time per joined partition, {@link Long#MIN_VALUE} if none
     * @param caughtUp  per partition number, where the app had processed everything ({@link #caughtUp})
     * @param unwritten where the unwritten pairs begin, given how far the app has got
     * @return ms behind, 0 before anything was published
     */
    static long behindMillis(long[] published, long[] joined, long[] caughtUp, Unwritten unwritten) {
        long behind = 0;
        for (int p = 0; p < published.length; p++) {
            if (published[p] == Long.MIN_VALUE) {
                continue;
            }
            long from = unwritten.from(p, Math.max(at(joined, p), at(caughtUp, p)));
            if (from != Long.MAX_VALUE) {
                behind = Math.max(behind, published[p] - from);
            }
        }
        return behind;
    }

    private static long at(long[] values, int p) {
        return p < values.length ? values[p] : Long.MIN_VALUE;
    }

    /**
     * The view's line, e.g. {@code app behind  312 records  0.4 s event time}.
     *
     * @param records      the app's input lag in records, or {@link #UNKNOWN}
     * @param behindMillis event time behind ({@link #behindMillis})
     */
    static String line(long records, long behindMillis) {
        String r = records < 0 ? "?" : String.format(Locale.ROOT, "%,d", records);
        return "app behind  " + r + " records  " + String.format(Locale.ROOT, "%.1f", behindMillis / 1000.0)
                + " s event time";
    }

    /**
     * The live replay's looks at {@link #behindMillis} in one line, for the end of a demo: how far behind the replay
     * the app ran over the whole run, not only at the moments the view happened to print, e.g.
     * {@code app behind during the live replay (42 looks, about one every 0.5 s): p50 0.6 s, p90 1.2 s, max 4.3 s of
     * event time}. Empty when nothing was looked at.
     *
     * @param looks      event time behind at each look, in ms, in any order
     * @param intervalMs how often the caller looked (wall time)
     */
    static String summary(Collection<Long> looks, long intervalMs) {
        if (looks.isEmpty()) {
            return "";
        }
        long[] sorted = looks.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "app behind during the live replay (%d looks, about one every %s s):"
                + " p50 %.1f s, p90 %.1f s, max %.1f s of event time", sorted.length, intervalMs / 1000.0,
                sorted[(sorted.length - 1) / 2] / 1000.0,
                sorted[(int) Math.ceil(sorted.length * 0.9) - 1] / 1000.0, sorted[sorted.length - 1] / 1000.0);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
