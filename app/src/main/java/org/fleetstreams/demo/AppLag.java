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
 * event time (the replay's latest event time minus the latest event time the app has written to its joined topic).
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
     * The view's line, e.g. {@code app behind  312 records  0.4 s event time}.
     *
     * @param records      the app's input lag in records, or {@link #UNKNOWN}
     * @param replayTime   the latest event time the replayer has published (epoch ms), or {@link Long#MIN_VALUE}
     * @param appTime      the latest event time in the app's joined output (epoch ms), or {@link Long#MIN_VALUE}
     */
    static String line(long records, long replayTime, long appTime) {
        String r = records < 0 ? "?" : String.format(Locale.ROOT, "%,d", records);
        String t;
        if (replayTime == Long.MIN_VALUE) {
            t = "0.0";
        } else if (appTime == Long.MIN_VALUE) {
            t = "?";
        } else {
            t = String.format(Locale.ROOT, "%.1f", Math.max(0, replayTime - appTime) / 1000.0);
        }
        return "app behind  " + r + " records  " + t + " s event time";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
