package org.fleetstreams.demo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.fleetstreams.common.admin.TopicSetup;

/**
 * How far behind the replay the app is: in records (its consumer group's lag on the input topics) and in seconds of
 * event time, for the partition furthest behind: the latest event time the replay has published to an input partition
 * minus the latest the app has written to the joined topic's partition of the same number (a ride's inputs and its
 * joined pairs share a partition number: same key, same partition count, same partitioner).
 */
final class AppLag implements AutoCloseable {

    /** Unknown lag (the group has committed nothing yet, or Kafka did not answer). */
    static final long UNKNOWN = -1;

    private final Admin admin;
    private final String group;
    private final List<String> inputs;
    private long lastRecords = UNKNOWN;
    private long lastAskedNanos;

    AppLag(String bootstrapServers, String group, List<String> inputs) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
        this.group = group;
        this.inputs = inputs;
    }

    /** The app's lag on its inputs in records, asked of Kafka at most once a second. */
    long records() {
        long now = System.nanoTime();
        if (lastAskedNanos == 0 || now - lastAskedNanos > 1_000_000_000L) {
            lastAskedNanos = now;
            try {
                lastRecords = new TopicSetup(admin, Duration.ofSeconds(5)).groupLag(group, inputs);
            } catch (RuntimeException e) {
                lastRecords = UNKNOWN;
            }
        }
        return lastRecords;
    }

    /** Makes the next {@link #records()} ask Kafka, for a final frame that is up to date. */
    void refreshNext() {
        lastAskedNanos = 0;
    }

    /**
     * Event time behind, in ms: the largest, over the partitions with joined output, of the latest event time
     * published to the partition minus the latest written to its joined partition (0 when ahead). A partition without
     * joined output is left out: its rides may have no GPS fix to pair with, and the record lag still shows it. Before
     * the first joined record anywhere, the app is behind by everything published.
     *
     * @param published      the latest event time acknowledged per input partition number, {@link Long#MIN_VALUE} if none
     * @param joined         the latest event time per joined partition, {@link Long#MIN_VALUE} if none
     * @param firstPublished the earliest event time published, {@link Long#MIN_VALUE} before the first
     * @return ms behind, 0 before anything was published
     */
    static long behindMillis(long[] published, long[] joined, long firstPublished) {
        long behind = Long.MIN_VALUE;
        long latestPublished = Long.MIN_VALUE;
        for (int p = 0; p < published.length; p++) {
            latestPublished = Math.max(latestPublished, published[p]);
            if (published[p] != Long.MIN_VALUE && p < joined.length && joined[p] != Long.MIN_VALUE) {
                behind = Math.max(behind, Math.max(0, published[p] - joined[p]));
            }
        }
        if (latestPublished == Long.MIN_VALUE) {
            return 0;
        }
        return behind != Long.MIN_VALUE ? behind : Math.max(0, latestPublished - firstPublished);
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

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
