package org.fleetstreams.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.common.OffsetClock;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.security.FleetUsers;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.common.admin.AccessErrors;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
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
    /** {@link #stopWait()}: from Kafka's defaults until the replay's producer settings are known. */
    private volatile Duration stopWait = stopWait(KafkaSink.defaults(KafkaConnection.DEFAULT_BOOTSTRAP));

    /**
     * What {@link #run()} may still do after a stop besides the producer's part ({@link KafkaSink#drainTime}): print
     * the summary and stop the embedded broker, which takes a few seconds.
     */
    static final Duration STOP_MARGIN = Duration.ofSeconds(30);

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

    /**
     * How long a stopped {@link #run()} may take to return, for the shutdown hook to wait: what the producer needs to
     * hand over what it was given, with the settings this replay uses ({@code --config} included; Kafka's defaults
     * until they are read), plus {@link #STOP_MARGIN}. 4 minutes with the defaults. Not covered: a stop before the
     * first send while the setup still runs (the {@code --resume} check reads for up to
     * {@link ResumeCheck#READ_TIMEOUT}); the JVM may then halt without a summary, but nothing was handed over to lose.
     */
    public Duration stopWait() {
        return stopWait;
    }

    /** {@link #stopWait()} with these producer settings. */
    static Duration stopWait(Properties producerSettings) {
        return KafkaSink.drainTime(producerSettings).plus(STOP_MARGIN);
    }

    /** Waits until {@link #run()} has returned (used by the shutdown hook). */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest event time a replay writes, 9999-12-31T23:59:59.999Z: beyond it the sum with the epoch is no time. */
    static final long LATEST_EVENT_TIME_MS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    /**
     * Now, rounded down to a whole minute: event-time windows of 15 s, 30 s or a minute (the course's and the app's)
     * are aligned to the epoch, so with this one a window starts at an offset that is a multiple of its advance, and a
     * reader who windows the Parquet offsets gets the same windows. Rounded to a second, a window [0, 30) of offsets
     * was split over two.
     */
    static Instant defaultEpoch(Instant now) {
        return now.truncatedTo(ChronoUnit.MINUTES);
    }

    /** ", in FILE": where a figure about the data comes from (its footer's statistics, or its rows). */
    private static String in(Optional<DataFile> file) {
        return file.map(f -> ", in " + f.path()).orElse("");
    }

    private int runChecked() {
        ReplayTargets targets = new ReplayTargets(config, err, clock);
        targets.checkOptions(); // a bad --config value or --topic-config: exit 2 before any broker or topic
        BddDataset dataset = BddDataset.open(config.data());
        FleetMemory.check(config.fleet(), FleetMemory.estimateRides(dataset), Runtime.getRuntime().maxMemory());
        long epoch = (config.epoch() != null ? config.epoch() : defaultEpoch(Instant.now())).toEpochMilli();
        if (OffsetClock.eventTime(epoch, dataset.minOffset()) < 0) {
            throw new InvalidDatasetException("--epoch " + Instant.ofEpochMilli(epoch) + " plus the data's first offset ("
                    + dataset.minOffset() + " s" + in(dataset.firstFile()) + ") is before 1970-01-01: Kafka refuses"
                    + " negative record timestamps");
        }
        double lastOffset = Math.max(dataset.maxOffset(), dataset.maxPartitionSeconds());
        double firstPassEnds = epoch + lastOffset * 1000.0; // in double: a huge offset must not wrap round
        if (!(firstPassEnds <= LATEST_EVENT_TIME_MS)) {
            throw new InvalidDatasetException("--epoch " + Instant.ofEpochMilli(epoch) + " plus the data's last offset ("
                    + lastOffset + " s" + (dataset.maxOffset() >= dataset.maxPartitionSeconds() ? in(dataset.lastFile())
                    : ", a partition folder's t=") + ") is after the year 9999: offsets are seconds since the data's"
                    + " start (milliseconds or nanoseconds since 1970 in that column would read so)");
        }
        double laterPasses = Math.max(0, config.passes() - 1)
                * (double) ReplaySchedule.passLengthMillis(dataset, config.gapMillis());
        if (!(firstPassEnds + laterPasses <= LATEST_EVENT_TIME_MS)) {
            throw new InvalidDatasetException("--passes " + config.passes() + " of this data after --epoch "
                    + Instant.ofEpochMilli(epoch) + " end after the year 9999");
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
            String bootstrap = broker != null ? broker.bootstrapServers() : targets.bootstrap();
            Properties producerSettings = targets.producerSettings(bootstrap, clientFile);
            stopWait = stopWait(producerSettings);
            ReplayTargets.Target target = config.dryRun() ? targets.dryRun(dataset, schedule, epoch)
                    : targets.kafka(producerSettings, bootstrap, dataset, schedule, epoch, stats);
            RecordSink sink = target.sink();
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
                    target.resume(), config.eventTimeField());
            if (stopRequested) {
                replayer.requestStop();
            }
            double totalSim = config.passes() == 0 ? Double.POSITIVE_INFINITY
                    : (config.passes() - 1) * schedule.passLengthMillis() / 1000.0
                    + (schedule.lastSimSeconds() - schedule.firstSimSeconds());
            progress = new Progress(stats, schedule.firstSimSeconds(), totalSim);
            InvalidDatasetException badFile = null;
            try (sink; ProgressReporter reporter = config.progressInterval().isZero() ? null
                    : new ProgressReporter(stats, config.topics(), schedule.firstSimSeconds(), totalSim,
                    !pacer.isMaxSpeed(), err, clock, config.progressInterval())) {
                replayer.run();
            } catch (InvalidDatasetException e) {
                // a file whose footer was sound and a page further on is not: part of the data is published by now
                // (the sink's close above waited for it), so the summary says how much before the error
                badFile = e;
            }
            out.print(ReplaySummary.format(stats, config.topics(), config.fleet(), config.dryRun(), !pacer.isMaxSpeed(),
                    replayer.stopRequested() || stats.failed() > 0 || badFile != null, clock.nanoTime()));
            if (badFile != null) {
                throw badFile;
            }
            if (stats.failed() > 0) {
                err.println("error: " + stats.failed() + " records were not delivered, and the replay stopped at the"
                        + " first; first failure: " + AccessErrors.describe(stats.firstFailure(), producerSettings)
                        .orElse(String.valueOf(stats.firstFailure())));
                return SEND_FAILED;
            }
            if (config.close() && !config.dryRun() && !replayer.stopRequested()) {
                long closingTime = ReplayTargets.lastEventTime(config, epoch, dataset, schedule) + ClosingRecords.LEAD.toMillis();
                // their offset too, so that an app on the offset clock with the same epoch closes at the same time
                ClosingRecords.send(producerSettings, config.topics(), closingTime,
                        OffsetClock.offsetSeconds(epoch, closingTime));
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
}
