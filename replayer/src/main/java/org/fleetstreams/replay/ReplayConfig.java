package org.fleetstreams.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.replay.schedule.ClockMode;

/**
 * Everything a {@link ReplayJob} needs. Defaults are stated once, in the constants below and {@link #defaults}; every
 * change is a {@code with...} call, so a caller names what it sets and a new option does not touch the callers.
 * {@code ReplayerCli} maps its options onto these (see {@code --help} for what each means).
 *
 * @param bootstrapServers   Kafka to publish to; null = the {@code producerConfig} file's {@code bootstrap.servers},
 *                           else {@code localhost:9092} ({@code ReplayTargets.bootstrap})
 * @param speed              1 = real time, {@code Double.POSITIVE_INFINITY} = as fast as possible
 * @param epoch              event time of offset 0; null = now, rounded down to a minute
 * @param passes             passes over the data; 0 = loop until stopped
 * @param gapMillis          simulated pause between passes
 * @param fleet              every ride published this many times, as distinct cars
 * @param topicConfig        config for the topics it creates, on top of {@code TopicSettings.defaultTopicConfig()}
 * @param producerConfig     properties file of producer (and admin) settings; null = none
 * @param embeddedBrokerPort start a broker in this process on this port; null = use {@code bootstrapServers}
 * @param progressInterval   time between progress lines; zero = none
 * @param secureDir          with an embedded broker: secure it (SASL_SSL, ACLs) and write its client files here;
 *                           null = a plain broker
 * @param resume             skip what the topics already hold of this same replay ({@code ReplayJob} checks it is)
 * @param close              end a finite replay with closing records ({@code ClosingRecords}) so an event-time reader's
 *                           last windows close
 * @param eventTimeField     also write each record's event time into its JSON as {@code event_time} (epoch ms); by
 *                           default the JSON has exactly the course's fields and the event time is the record timestamp
 * @param fixesBefore        write the {@code FixesBefore} header on accelerometer records of a paced replay on the
 *                           offset clock (the only one in event-time order), so the app need not wait for the next
 *                           GPS fix
 */
public record ReplayConfig(Path data, String bootstrapServers, Topics topics, double speed, ClockMode clock,
                           Instant epoch, int passes, long gapMillis, int fleet, int partitions,
                           short replicationFactor, Map<String, String> topicConfig, Path producerConfig,
                           Integer embeddedBrokerPort, boolean dryRun, Duration progressInterval,
                           Duration connectTimeout, Path secureDir, boolean resume,
                           boolean close, boolean eventTimeField, boolean fixesBefore) {

    /**
     * A {@code --speed} value (the replayer's and the demo's): {@code max} (any case) is as fast as possible
     * (infinite); otherwise a finite number above 0. Empty for anything else.
     */
    public static OptionalDouble parseSpeed(String value) {
        if ("max".equalsIgnoreCase(value)) {
            return OptionalDouble.of(Double.POSITIVE_INFINITY);
        }
        try {
            double factor = Double.parseDouble(value);
            return factor > 0 && Double.isFinite(factor) ? OptionalDouble.of(factor) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Defaults, also shown by the replayer's --help. */
    public static final int SPEED = 1;
    public static final int LOOP_GAP_S = 10;
    public static final int FLEET = 1;
    public static final int PARTITIONS = 4;
    /**
     * The cluster's {@code default.replication.factor} (-1), as Kafka Streams gives the app's own topics: a fixed 1
     * made unreplicated inputs on a real cluster, which one with {@code min.insync.replicas} 2 (a common production
     * setting) refuses every write to, and a managed one refuses to create.
     */
    public static final int REPLICATION_FACTOR = -1;
    public static final int PROGRESS_INTERVAL_S = 2;
    public static final int CONNECT_TIMEOUT_S = KafkaConnection.DEFAULT_TIMEOUT_S;
    /** The data set's default folder, relative to where the command runs (the project root). */
    public static final String DEFAULT_DATA = "data/bdd";

    public ReplayConfig {
        topicConfig = Map.copyOf(topicConfig);
    }

    /** Real time, offset clock, epoch now, one pass, fleet of one, topics of {@value #PARTITIONS} partitions. */
    public static ReplayConfig defaults(Path data, String bootstrapServers, Topics topics) {
        return new ReplayConfig(data, bootstrapServers, topics, SPEED, ClockMode.OFFSET, null, 1,
                Duration.ofSeconds(LOOP_GAP_S).toMillis(), FLEET, PARTITIONS, (short) REPLICATION_FACTOR, Map.of(), null,
                null, false, Duration.ofSeconds(PROGRESS_INTERVAL_S), Duration.ofSeconds(CONNECT_TIMEOUT_S), null, false,
                false, false, true);
    }

    public ReplayConfig withBootstrapServers(String servers) {
        return with(c -> c.bootstrapServers = servers);
    }

    /** @param factor 1 = real time; {@code Double.POSITIVE_INFINITY} = as fast as possible */
    public ReplayConfig withSpeed(double factor) {
        return with(c -> c.speed = factor);
    }

    public ReplayConfig withClock(ClockMode mode) {
        return with(c -> c.clock = mode);
    }

    /** @param instant event time of offset 0; null = now */
    public ReplayConfig withEpoch(Instant instant) {
        return with(c -> c.epoch = instant);
    }

    /** @param count passes over the data; 0 = loop until stopped */
    public ReplayConfig withPasses(int count) {
        return with(c -> c.passes = count);
    }

    public ReplayConfig withLoopGap(Duration gap) {
        return with(c -> c.gapMillis = gap.toMillis());
    }

    public ReplayConfig withFleet(int cars) {
        return with(c -> c.fleet = cars);
    }

    /** Partitions and replication factor of the topics it creates. */
    public ReplayConfig withTopicLayout(int count, short replicas) {
        return with(c -> {
            c.partitions = count;
            c.replicationFactor = replicas;
        });
    }

    /** These topic settings on top of the ones already given (later wins). */
    public ReplayConfig withTopicConfig(Map<String, String> more) {
        return with(c -> c.topicConfig.putAll(more));
    }

    /** @param file properties file of producer settings; null = none */
    public ReplayConfig withProducerConfig(Path file) {
        return with(c -> c.producerConfig = file);
    }

    /** @param port start a broker in this process on this port; null = none */
    public ReplayConfig withEmbeddedBroker(Integer port) {
        return with(c -> c.embeddedBrokerPort = port);
    }

    public ReplayConfig withDryRun(boolean on) {
        return with(c -> c.dryRun = on);
    }

    /** @param interval time between progress lines; zero = none */
    public ReplayConfig withProgressInterval(Duration interval) {
        return with(c -> c.progressInterval = interval);
    }

    public ReplayConfig withConnectTimeout(Duration timeout) {
        return with(c -> c.connectTimeout = timeout);
    }

    public ReplayConfig withSecureDir(Path dir) {
        return with(c -> c.secureDir = dir);
    }

    public ReplayConfig withResume(boolean on) {
        return with(c -> c.resume = on);
    }

    public ReplayConfig withClose(boolean on) {
        return with(c -> c.close = on);
    }

    public ReplayConfig withEventTimeField(boolean on) {
        return with(c -> c.eventTimeField = on);
    }

    public ReplayConfig withFixesBefore(boolean on) {
        return with(c -> c.fixesBefore = on);
    }

    /**
     * Whether this replay writes the {@code FixesBefore} header: asked for, paced (at max speed a reader catches up and
     * knows its next records anyway) and on the offset clock (the partition clock steps back at its ticks).
     */
    public boolean writesFixesBefore() {
        return fixesBefore && Double.isFinite(speed) && clock == ClockMode.OFFSET;
    }

    // Twenty-two components: a copy through mutable fields lets each with... method name only what it changes.
    private ReplayConfig with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    private static final class Copy {
        private final Path data;
        private final Topics topics;
        private final Map<String, String> topicConfig;
        private String bootstrapServers;
        private double speed;
        private ClockMode clock;
        private Instant epoch;
        private int passes;
        private long gapMillis;
        private int fleet;
        private int partitions;
        private short replicationFactor;
        private Path producerConfig;
        private Integer embeddedBrokerPort;
        private boolean dryRun;
        private Duration progressInterval;
        private Duration connectTimeout;
        private Path secureDir;
        private boolean resume;
        private boolean close;
        private boolean eventTimeField;
        private boolean fixesBefore;

        private Copy(ReplayConfig r) {
            data = r.data;
            bootstrapServers = r.bootstrapServers;
            topics = r.topics;
            speed = r.speed;
            clock = r.clock;
            epoch = r.epoch;
            passes = r.passes;
            gapMillis = r.gapMillis;
            fleet = r.fleet;
            partitions = r.partitions;
            replicationFactor = r.replicationFactor;
            topicConfig = new LinkedHashMap<>(r.topicConfig);
            producerConfig = r.producerConfig;
            embeddedBrokerPort = r.embeddedBrokerPort;
            dryRun = r.dryRun;
            progressInterval = r.progressInterval;
            connectTimeout = r.connectTimeout;
            secureDir = r.secureDir;
            resume = r.resume;
            close = r.close;
            eventTimeField = r.eventTimeField;
            fixesBefore = r.fixesBefore;
        }

        private ReplayConfig build() {
            return new ReplayConfig(data, bootstrapServers, topics, speed, clock, epoch, passes, gapMillis, fleet,
                    partitions, replicationFactor, topicConfig, producerConfig, embeddedBrokerPort, dryRun,
                    progressInterval, connectTimeout, secureDir, resume, close, eventTimeField, fixesBefore);
        }
    }
}
