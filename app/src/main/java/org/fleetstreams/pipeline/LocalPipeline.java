package org.fleetstreams.pipeline;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.Topology;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.AppTopics;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;

/**
 * The whole pipeline on one machine, as one {@link AutoCloseable}: a real Kafka broker in this process (or a cluster
 * you name), the input and output topics, the app ({@link StreamsRunner}, as many instances as asked) and the
 * replayer. The demo, the real-broker tests and the benchmarks all set up through it; they differ only in the order
 * they start the app, replay and close the windows, which this class leaves to them.
 *
 * <pre>
 *   try (LocalPipeline pipeline = LocalPipeline.builder().topics(Topics.withPrefix("e2e"))
 *           .app(c -> c.withApplicationId("e2e-app")).replay(Replay.of(Path.of("data/sample"))).start()) {
 *       pipeline.startApp();
 *       ReplayJob done = pipeline.replay();
 *       pipeline.closeWindowsWhenCaughtUp(done.progress().stats().maxEventTime() + ClosingRecords.LEAD.toMillis(),
 *               Duration.ofSeconds(120));
 *   }
 * </pre>
 * Closing stops the app instances it started (last first), then the embedded broker (which deletes a temporary log
 * directory). The topics it creates take the cluster's default replication factor (1 on the embedded broker).
 */
public final class LocalPipeline implements AutoCloseable {

    /** -1: the cluster's {@code default.replication.factor}, as the replayer's and the app's own topics. */
    static final short CLUSTER_DEFAULT_REPLICATION = (short) ReplayConfig.REPLICATION_FACTOR;

    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final Topics topics;
    private final int partitions;
    /** The app's config; told the inputs' partition count once {@link LocalPipelineBuilder#start} has checked them. */
    private AppConfig app;
    private final Replay replay;
    private final Duration timeout;
    private final Deque<StreamsRunner> apps = new ArrayDeque<>();

    LocalPipeline(EmbeddedKafkaBroker broker, String bootstrapServers, LocalPipelineBuilder b) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.topics = b.topics;
        this.partitions = b.partitions;
        this.app = b.app.apply(AppConfig.defaults(bootstrapServers, b.topics));
        this.replay = b.replay;
        this.timeout = b.timeout;
    }

    public static LocalPipelineBuilder builder() {
        return new LocalPipelineBuilder();
    }

    /** The app's configuration once the topics are checked ({@link LocalPipelineBuilder#start}). */
    void prepared(AppTopics.Prepared topics) {
        app = topics.applyTo(app);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Topics topics() {
        return topics;
    }

    /** Is the broker the one this pipeline started (rather than a cluster it was given)? */
    public boolean embedded() {
        return broker != null;
    }

    /** The app's configuration: {@link AppConfig#defaults} for this broker and these topics, with the builder's changes. */
    public AppConfig appConfig() {
        return app;
    }

    /** Partitions of each input topic. */
    public int partitions() {
        return partitions;
    }

    /** An instance of the app with {@code config}, not started yet; the pipeline closes it. */
    public StreamsRunner newApp(AppConfig config) {
        return newApp(config, FleetTopology.buildTopology(config));
    }

    /** An instance of another topology on the app's settings (a benchmark's reference), not started yet. */
    public synchronized StreamsRunner newApp(AppConfig config, Topology topology) {
        StreamsRunner runner = new StreamsRunner(topology, config, null);
        apps.push(runner);
        return runner;
    }

    /** The app as configured, started. */
    public StreamsRunner startApp() {
        return newApp(app).start();
    }

    /** Another instance (or another configuration) of the app, started. */
    public StreamsRunner startApp(AppConfig config) {
        return newApp(config).start();
    }

    /** Creates these extra topics (a benchmark's own output) like the app's: same partitions, same topic config. */
    public void createTopics(List<String> names) {
        try (Admin admin = admin()) {
            new TopicSetup(admin, timeout).ensure(names, partitions, CLUSTER_DEFAULT_REPLICATION,
                    TopicSettings.defaultTopicConfig());
        }
    }

    /** The configured replay ({@code LocalPipelineBuilder.replay}), for a caller that runs it as a job, adjusted or as it is. */
    public Replay configuredReplay() {
        return Objects.requireNonNull(replay, "no replay configured: LocalPipelineBuilder.replay(...)");
    }

    /** A replay into this pipeline's inputs, as a job to run. */
    public ReplayJob replayJob(Replay r, PrintWriter out, PrintWriter err) {
        return new ReplayJob(ReplayConfig.defaults(r.data(), bootstrapServers, topics).withSpeed(r.speed())
                .withEpoch(r.epoch()).withPasses(r.loop() ? 0 : 1).withFleet(r.fleet()).withFixesBefore(r.fixesBefore())
                .withTopicLayout(partitions, CLUSTER_DEFAULT_REPLICATION).withProgressInterval(Duration.ZERO).withConnectTimeout(timeout),
                out, err, WallClock.SYSTEM);
    }

    /** Runs the configured replay to its end. */
    public ReplayJob replay() {
        return replay(configuredReplay());
    }

    /**
     * Runs {@code r} to its end; returns the finished job (its progress holds the replay's figures).
     *
     * @throws ReplayFailedException with the replayer's error lines when it does not end OK
     */
    public ReplayJob replay(Replay r) {
        StringWriter err = new StringWriter();
        ReplayJob job = replayJob(r, new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
        int code = job.run();
        if (code != ReplayJob.OK) {
            throw new ReplayFailedException(code, err.toString());
        }
        return job;
    }

    /** Closing records at {@code eventTime}, now: for inputs no app is reading yet ({@link ClosingRecords#send}). */
    public void closeWindows(long eventTime) {
        ClosingRecords.send(bootstrapServers, topics, eventTime);
    }

    /** Closing records once the configured app has taken every input record ({@link ClosingRecords#sendWhenCaughtUp}). */
    public void closeWindowsWhenCaughtUp(long eventTime, Duration wait) {
        ClosingRecords.sendWhenCaughtUp(bootstrapServers, topics, app.applicationId(), eventTime, wait);
    }

    /**
     * The newest record timestamp in the input topics (Long.MIN_VALUE when they are empty or absent): on a Kafka of
     * one's own they can hold an earlier run's records, closing records included, whose times the app has taken.
     */
    public long latestInputTimestamp() {
        try (Admin admin = admin()) {
            return new TopicSetup(admin, timeout).latestTimestamp(topics.inputs());
        }
    }

    /** Input records the consumer group {@code applicationId} has not committed yet. */
    public long inputLag(String applicationId) {
        try (LagReader lag = lagReader(applicationId)) {
            return lag.getAsLong();
        }
    }

    /** The group {@code applicationId}'s input lag, read again and again over one admin client: close it after. */
    public LagReader lagReader(String applicationId) {
        return new LagReader(admin(), applicationId);
    }

    /** {@link #lagReader}'s reader. */
    public final class LagReader implements LongSupplier, AutoCloseable {

        private final Admin admin;
        private final TopicSetup setup;
        private final String group;

        private LagReader(Admin admin, String group) {
            this.admin = admin;
            this.setup = new TopicSetup(admin, timeout);
            this.group = group;
        }

        /** @throws KafkaSetupException when Kafka does not answer */
        @Override
        public long getAsLong() {
            return setup.groupLag(group, topics.inputs());
        }

        @Override
        public void close() {
            admin.close();
        }
    }

    /** Waits until the group {@code applicationId} has committed every input record; false when {@code wait} passed. */
    public boolean awaitCommitted(String applicationId, Duration wait) throws InterruptedException {
        return awaitCommitted(applicationId, wait, () -> false);
    }

    /** The same, giving up (false) as soon as {@code stop} turns true. */
    public boolean awaitCommitted(String applicationId, Duration wait, BooleanSupplier stop)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        try (Admin admin = admin()) {
            TopicSetup setup = new TopicSetup(admin, timeout);
            while (setup.groupLag(applicationId, topics.inputs()) > 0) {
                if (System.nanoTime() > deadline || stop.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(100);
            }
            return true;
        }
    }

    /**
     * Members the consumer group {@code group} has now: a Kafka Streams app with that application id runs somewhere.
     * 0 when the group has none or does not exist, and when this client may not describe it (a secured cluster's
     * ACLs): a check that cannot look should not stop the run it guards.
     */
    public int activeMembers(String group) {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).members().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException || e.getCause() instanceof GroupAuthorizationException) {
                return 0;
            }
            throw new KafkaSetupException("cannot describe the consumer group " + group + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new KafkaSetupException("describing the consumer group " + group + " did not finish within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    Admin admin() {
        return KafkaConnection.connect(app.streamsProperties(), timeout);
    }

    @Override
    public synchronized void close() {
        while (!apps.isEmpty()) {
            apps.pop().close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
