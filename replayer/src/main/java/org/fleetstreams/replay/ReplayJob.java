package org.fleetstreams.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.security.AccessCheck;
import org.fleetstreams.common.security.FleetAcls;
import org.fleetstreams.common.security.FleetUsers;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.common.admin.AccessErrors;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.replay.kafka.TimestampCheck;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.replay.resume.PublishedRecords;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.resume.ResumePoint;
import org.fleetstreams.replay.schedule.ReplaySchedule;

/**
 * One replay, start to finish: validate the data, (start the embedded broker,) prepare the topics, publish on
 * schedule, report. The CLI parses options into a {@link ReplayConfig}; tests and the demo build one with its
 * {@code with...} methods.
 */
public final class ReplayJob {

    public static final int OK = 0;
    public static final int SEND_FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int KAFKA_PROBLEM = 3;

    private final ReplayConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final WallClock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Replayer replayer;
    private volatile boolean stopRequested;
    private volatile Progress progress;
    private volatile AckListener ackListener = AckListener.NONE;

    /**
     * A live view of a running replay, for a caller that shows its own progress (the demo).
     *
     * @param totalSimSeconds simulated seconds of the whole replay; infinite when it loops
     */
    public record Progress(ReplayStats stats, double firstSimSeconds, double totalSimSeconds) {

        /** Simulated seconds replayed so far. */
        public double doneSimSeconds() {
            return Math.max(0, stats.simSeconds() - firstSimSeconds);
        }
    }

    public ReplayJob(ReplayConfig config, PrintWriter out, PrintWriter err, WallClock clock) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * How far after the data's last event time the closing records are: past the end and grace of the app's windows
     * with its settings as shipped (30 s windows; a window longer than about 9 minutes stays open).
     */
    static final long CLOSING_AFTER_MS = 10 * 60_000;

    /** Runs the replay; returns the process exit code. */
    public int run() {
        try {
            return runChecked();
        } catch (InvalidDatasetException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (KafkaSetupException e) {
            err.println("error: " + e.getMessage()
                    + (e.getMessage().startsWith("cannot reach") ? " (--embedded-broker instead of --bootstrap-servers starts one in this process)" : ""));
            return KAFKA_PROBLEM;
        } finally {
            out.flush();
            err.flush();
            done.countDown();
        }
    }

    /** Tells {@code listener} of every input record the broker acknowledges; call before {@link #run()}. */
    public ReplayJob onAcknowledged(AckListener listener) {
        this.ackListener = listener;
        return this;
    }

    /** Ctrl-C: stop scheduling; {@link #run()} still flushes and prints the summary. */
    public void requestStop() {
        stopRequested = true;
        Replayer r = replayer;
        if (r != null) {
            r.requestStop();
        }
    }

    /** The running replay's progress; null until it has started publishing. */
    public Progress progress() {
        return progress;
    }

    /** Waits until {@link #run()} has returned (used by the shutdown hook). */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int runChecked() {
        producerSettings(config.bootstrapServers(), null); // a bad --config value: exit 2 before any broker or topic
        BddDataset dataset = BddDataset.open(config.data());
        long epoch = (config.epoch() != null ? config.epoch() : Instant.now().truncatedTo(ChronoUnit.SECONDS)).toEpochMilli();
        if (epoch + Math.round(dataset.minOffset() * 1000) < 0) {
            throw new InvalidDatasetException("--epoch " + Instant.ofEpochMilli(epoch) + " plus the data's first offset ("
                    + dataset.minOffset() + " s) is before 1970-01-01: Kafka refuses negative record timestamps");
        }
        RowSkips skips = new RowSkips();
        ReplaySchedule schedule = new ReplaySchedule(dataset, config.clock(), epoch, config.passes(), config.gapMillis(), skips);
        ReplayStats stats = new ReplayStats(skips, ackListener);
        Pacer pacer = new Pacer(clock, config.speed(), schedule.firstSimSeconds());

        EmbeddedKafkaBroker broker = null;
        try {
            Path clientFile = null;
            if (config.embeddedBrokerPort() != null && !config.dryRun()) {
                broker = startBroker(config.embeddedBrokerPort());
                clientFile = config.secureDir() == null ? null : secure(broker).replayer();
            }
            String bootstrap = broker != null ? broker.bootstrapServers() : config.bootstrapServers();
            Target target = config.dryRun() ? dryRun(dataset, schedule, epoch)
                    : prepareKafka(bootstrap, clientFile, dataset, schedule, epoch, stats);
            RecordSink sink = target.sink();
            Properties producerSettings = producerSettings(bootstrap, clientFile);
            if (stopRequested) {
                sink.close();
                return OK;
            }
            err.printf("Replaying %s -> %s (%s, %s): speed %s, clock %s, epoch %s, fleet x%d, %s%n", dataset.root(),
                    config.dryRun() ? "nowhere (dry run)" : bootstrap, config.topics().locations(),
                    config.topics().accelerations(), Double.isInfinite(config.speed()) ? "max" : config.speed() + "x",
                    config.clock().name().toLowerCase(), Instant.ofEpochMilli(epoch), config.fleet(),
                    config.passes() == 0 ? "looping until Ctrl-C" : config.passes() + " pass(es)");
            err.flush();
            replayer = new Replayer(schedule, new FleetCloner(config.fleet()), sink, pacer, config.topics(), stats,
                    target.resume());
            if (stopRequested) {
                replayer.requestStop();
            }
            double totalSim = config.passes() == 0 ? Double.POSITIVE_INFINITY
                    : (config.passes() - 1) * schedule.passLengthMillis() / 1000.0
                    + (Math.max(dataset.maxOffset(), dataset.maxPartitionSeconds()) - schedule.firstSimSeconds());
            progress = new Progress(stats, schedule.firstSimSeconds(), totalSim);
            try (sink; ProgressReporter reporter = config.progressInterval().isZero() ? null
                    : new ProgressReporter(stats, config.topics(), schedule.firstSimSeconds(), totalSim,
                    !pacer.isMaxSpeed(), err, clock, config.progressInterval())) {
                replayer.run();
            }
            out.print(ReplaySummary.format(stats, config.topics(), config.fleet(), config.dryRun(), !pacer.isMaxSpeed(),
                    replayer.stopRequested() || stats.failed() > 0, clock.nanoTime()));
            if (stats.failed() > 0) {
                err.println("error: " + stats.failed() + " records were not delivered, and the replay stopped at the"
                        + " first; first failure: " + AccessErrors.describe(stats.firstFailure(), producerSettings)
                        .orElse(String.valueOf(stats.firstFailure())));
                return SEND_FAILED;
            }
            if (config.close() && !config.dryRun() && !replayer.stopRequested()) {
                long closingTime = lastEventTime(epoch, dataset, schedule) + CLOSING_AFTER_MS;
                ClosingRecords.send(producerSettings, config.topics(), closingTime);
                err.println("Closing records sent to every partition at " + Instant.ofEpochMilli(closingTime)
                        + " (ride_id " + ClosingRecords.RIDE_ID + "): the app's last windows close.");
            }
            return OK;
        } finally {
            schedule.close();
            if (broker != null) {
                err.println("Stopping the embedded Kafka broker.");
                err.flush();
                broker.close();
            }
        }
    }

    /** The event time of the data's last record in the last pass (finite replays). */
    private long lastEventTime(long epoch, BddDataset dataset, ReplaySchedule schedule) {
        return epoch + (config.passes() - 1) * schedule.passLengthMillis() + Math.round(dataset.maxOffset() * 1000);
    }

    private EmbeddedKafkaBroker startBroker(int port) {
        try {
            EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(port);
            if (config.secureDir() != null) {
                FleetUsers.removeClientFiles(config.secureDir());
                builder.security(BrokerSecurity.create(config.secureDir()));
            }
            EmbeddedKafkaBroker broker = builder.start();
            err.println("Embedded Kafka broker running on " + broker.bootstrapServers() + (config.secureDir() == null
                    ? " (any Kafka client can read it there; it stops when the replayer exits)"
                    : " with SASL_SSL (SCRAM-SHA-512) and ACLs; it stops when the replayer exits"));
            return broker;
        } catch (RuntimeException e) {
            throw new KafkaSetupException("cannot start the embedded Kafka broker on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Users, ACLs and client files for this replayer and the app with its default application.id. */
    private FleetUsers.ClientFiles secure(EmbeddedKafkaBroker broker) {
        FleetUsers.ClientFiles files = FleetUsers.setUp(broker, config.secureDir(), config.topics(),
                config.topics().defaultApplicationId());
        err.println("Secure broker: CA truststore, client settings and passwords in " + config.secureDir()
                + " (replayer.properties, app.properties, admin.properties). This replay logs in as User:"
                + FleetUsers.REPLAYER + "; run the app with: java -jar app/target/app.jar --config " + files.app());
        err.flush();
        return files;
    }

    /**
     * The defaults, then the secure setup's client file, then {@code --config FILE}: later wins. Checked as the producer
     * will read them, so a bad value ({@code linger.ms=soon}, {@code acks=1} with idempotence) is a one-line error
     * naming it, before anything is created.
     */
    private Properties producerSettings(String bootstrap, Path clientFile) {
        Properties producer = KafkaSink.defaults(bootstrap);
        if (clientFile != null) {
            producer.putAll(PropertiesFiles.load(clientFile));
        }
        if (config.producerConfig() != null) {
            try {
                producer.putAll(PropertiesFiles.load(config.producerConfig()));
            } catch (java.io.UncheckedIOException e) {
                throw new InvalidDatasetException("--config: " + e.getMessage());
            }
        }
        Map<String, Object> check = new java.util.HashMap<>();
        producer.forEach((k, v) -> check.put((String) k, v));
        check.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        check.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            new ProducerConfig(check);
        } catch (ConfigException e) {
            throw new InvalidDatasetException("--config: " + e.getMessage());
        }
        return producer;
    }

    /** Where the replay goes, and what those topics already hold of it ({@code --resume}). */
    private record Target(RecordSink sink, ResumeFilter resume) {
    }

    private Target prepareKafka(String bootstrap, Path clientFile, BddDataset dataset, ReplaySchedule schedule,
                                    long epoch, ReplayStats stats) {
        Properties producer = producerSettings(bootstrap, clientFile);
        try (Admin admin = KafkaConnection.connect(producer, config.connectTimeout())) {
            TopicSetup setup = new TopicSetup(admin, config.connectTimeout());
            Map<String, String> topicConfig = TopicSetup.defaultTopicConfig();
            topicConfig.putAll(config.topicConfig());
            List<String> topics = config.topics().inputs();
            // With a SASL login, check its ACLs before anything is created or sent, and again once the topics exist.
            List<AclBinding> needed = AccessErrors.principal(producer).map(principal -> {
                List<AclBinding> acls = new ArrayList<>(FleetAcls.replayer(principal, config.topics()));
                if (config.resume()) {
                    acls.addAll(FleetAcls.replayerResume(principal, config.topics()));
                }
                return acls;
            }).orElse(List.<AclBinding>of());
            AccessCheck access = new AccessCheck(admin, config.connectTimeout(), bootstrap);
            access.require(needed);
            TopicSetup.Result result = setup.ensure(topics, config.partitions(), config.replicationFactor(), topicConfig);
            access.require(needed);
            result.notes().forEach(n -> err.println("note: " + n));
            if (!result.created().isEmpty()) {
                err.println("Created topics " + result.created() + " with " + result.partitions() + " partitions, "
                        + topicConfig);
            }
            checkTimestamps(topics, setup::config, dataset, schedule, epoch, config.speed());
        }
        ResumeFilter resume = config.resume() ? resume(producer, dataset, epoch) : ResumeFilter.NONE;
        return new Target(new KafkaSink(producer, stats, config.topics().inputs()), resume);
    }

    /**
     * A dry run sends nothing but checks what it can: the timestamps against the settings this replay would create
     * the topics with (the defaults and {@code --topic-config}; topics that exist already keep their own).
     */
    private Target dryRun(BddDataset dataset, ReplaySchedule schedule, long epoch) {
        Map<String, String> topicConfig = TopicSetup.defaultTopicConfig();
        topicConfig.putAll(config.topicConfig());
        // A dry run without --speed runs at max to print its summary at once; the replay it stands for runs at 1x,
        // and how far its event times run ahead of the wall clock depends on that speed.
        double speed = Double.isInfinite(config.speed()) ? ReplayConfig.SPEED : config.speed();
        checkTimestamps(config.topics().inputs(), topic -> topicConfig, dataset, schedule, epoch, speed);
        return new Target(RecordSink.DISCARD, ResumeFilter.NONE);
    }

    /** Prints what the topics' settings would do to this replay's timestamps; throws when they would refuse them. */
    private void checkTimestamps(List<String> topics, java.util.function.Function<String, Map<String, String>> configOf,
                                 BddDataset dataset, ReplaySchedule schedule, long epoch, double speed) {
        long first = epoch + Math.round(dataset.minOffset() * 1000);
        // with --close the last record is the closing one: the broker must take its timestamp too
        long last = config.passes() == 0 ? Long.MAX_VALUE
                : lastEventTime(epoch, dataset, schedule) + (config.close() ? CLOSING_AFTER_MS : 0);
        TimestampCheck.Timing timing = new TimestampCheck.Timing(first, last, speed, System.currentTimeMillis());
        boolean fatal = false;
        for (String topic : topics) {
            for (TimestampCheck.Finding f : TimestampCheck.check(topic, configOf.apply(topic), timing)) {
                err.println((f.error() ? "error: " : "warning: ") + f.message());
                fatal |= f.error();
            }
        }
        if (fatal) {
            throw new KafkaSetupException("the topics would reject this replay's timestamps (see above); nothing was sent");
        }
    }

    /** {@code --resume}: what the topics hold of this replay, checked record by record against a dry run of it. */
    private ResumeFilter resume(Properties client, BddDataset dataset, long epoch) {
        long start = clock.nanoTime();
        PublishedRecords published = PublishedRecords.read(client, config.topics(), ResumeCheck.READ_TIMEOUT);
        ResumePoint point;
        try (ReplaySchedule walk = new ReplaySchedule(dataset, config.clock(), epoch, config.passes(), config.gapMillis(),
                new RowSkips())) {
            point = ResumeCheck.find(published, walk, config.fleet(), config.topics());
        }
        err.printf("Resuming: the topics hold %,d records of this replay (and %,d of others, left alone; checked in"
                + " %.1f s); publishing the rest%n", point.total(), point.otherRecords(),
                (clock.nanoTime() - start) / 1e9);
        err.flush();
        return point.filter();
    }
}
