package org.fleetstreams.demo;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.AppTopics;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;
import org.fleetstreams.logging.ConsoleLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline in one command: a real single-node Kafka broker (KRaft) in this process, the topics, the
 * Kafka Streams app, and the replayer publishing the data at 10x.
 *
 * <pre>
 *   mvn -B -q package -DskipTests && java -jar app/target/app.jar demo
 * </pre>
 * What you see: which data it replays (data/bdd when present, else the bundled synthetic data/sample), a live view
 * (replay progress bar, records/s in and out, records per topic, the latest harsh-braking alerts), then the
 * replayer's summary and one row per ride (distance, mean and max speed, braking events), and a clean exit.
 * {@code --keep-running} loops the replay and keeps broker and app up on localhost:9092 until Ctrl-C, for other
 * clients (the course's notebooks, kafka-console-consumer). {@code --bootstrap-servers} uses an existing cluster.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs broker, app and replayer together with a live console view (see README).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or stopped with Ctrl-C", "1:the app or the replay failed", "2:bad options or data",
                "3:Kafka unreachable, or the embedded broker cannot start"})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data set to replay (default: data/bdd when present, else data/sample).")
    Path data;

    @Option(names = "--speed", paramLabel = "FACTOR|max", defaultValue = "10",
            description = "Replay speed (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting one in-process.")
    String bootstrapServers;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Port of the embedded broker; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--keep-running", description = "Loop the replay and keep broker and app running until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Topic names PREFIX-locations, ... (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "Partitions of the topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", description = "Dashboard, REST API and"
            + " /metrics on localhost:PORT; 0 = any free port, -1 = off (default: ${DEFAULT-VALUE}; docs/dashboard.md).")
    int httpPort;

    @Option(names = "--verbose", description = "Show Kafka's warnings on the console too (default: only in the log"
            + " file, <work-dir>/demo.log).")
    boolean verbose;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Log file, broker data and app state; broker data and state are emptied at start and deleted"
                    + " at the end, the log is kept (default: target/demo).")
    Path workDir = DemoWorkDir.DEFAULT;

    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final java.util.Queue<String> notes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean stopRequested;
    private volatile ReplayJob job;

    public DemoCommand() {
        this(System.out);
    }

    /** @param out where the live view, the replay summary and the table go (tests capture it) */
    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        boolean terminal = System.console() != null;
        DemoWorkDir work = new DemoWorkDir(workDir);
        // Kafka's warnings that mean something come as one-line notes, printed by the view above its frame.
        try (ConsoleLogging logging = ConsoleLogging.start(work.logFile(), verbose, System.err, notes::add, false)) {
            out.println("Log file: " + work.logFile() + (verbose ? "" : " (Kafka's messages; --verbose shows them here too)"));
            try {
                return demo(work, terminal);
            } catch (Exception e) {
                ConsoleLogging.logFailure("demo failed", e);
                System.err.println("error: " + e + " (stack trace in " + work.logFile() + ")");
                return 1;
            } finally {
                work.cleanUp();
                finished.countDown();
            }
        }
    }

    private int demo(DemoWorkDir work, boolean terminal) throws Exception {
        Path dataDir = data != null ? data : Files.isDirectory(Path.of("data", "bdd", "locations")) ? Path.of("data", "bdd")
                : Path.of("data", "sample");
        if (!Files.isDirectory(dataDir.resolve("locations"))) {
            System.err.println("error: no data set at " + dataDir.toAbsolutePath().normalize()
                    + " (run from the project root, or pass --data DIR)");
            return 2;
        }
        double factor;
        try {
            factor = speed.equalsIgnoreCase("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(speed);
        } catch (NumberFormatException e) {
            System.err.println("error: --speed must be a number or max, was '" + speed + "'");
            return 2;
        }
        out.println("Data: " + dataDir + (dataDir.endsWith(Path.of("data", "sample"))
                ? " (synthetic fleet bundled with the project; put the real BDD data in data/bdd, see data/README.md)"
                : data == null ? " (the real BDD data)" : ""));
        Runtime.getRuntime().addShutdownHook(new Thread(this::onCtrlC, "demo-shutdown"));
        Path stateDir = work.prepare().stateDir();
        EmbeddedKafkaBroker broker = null;
        try {
            String bootstrap = bootstrapServers;
            if (bootstrap == null) {
                try {
                    broker = EmbeddedKafkaBroker.builder().port(brokerPort).logDir(work.brokerDir()).start();
                } catch (RuntimeException e) {
                    ConsoleLogging.logFailure("embedded broker failed to start", e);
                    System.err.println("error: cannot start the embedded Kafka broker on port " + brokerPort + ": "
                            + e.getMessage() + " (--broker-port 0 picks a free port; --bootstrap-servers uses a running"
                            + " Kafka; details in " + work.logFile() + ")");
                    return 3;
                }
                bootstrap = broker.bootstrapServers();
                out.println("Kafka: a real single-node broker (KRaft) in this process at " + bootstrap);
            } else {
                out.println("Kafka: " + bootstrap);
            }
            return run(dataDir, factor, bootstrap, stateDir, terminal);
        } catch (KafkaSetupException e) {
            ConsoleLogging.logFailure("Kafka setup failed", e);
            System.err.println("error: " + e.getMessage());
            return 3;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private int run(Path dataDir, double factor, String bootstrap, Path stateDir, boolean terminal) throws Exception {
        Topics topics = Topics.withPrefix(topicPrefix);
        // The app's defaults (one final summary per window); the closing records after the replay close every window.
        AppConfig config = AppConfig.defaults(bootstrap, topics).withApplicationId("fleetstreams-demo-" + topicPrefix)
                .withStateDir(stateDir);
        Duration timeout = Duration.ofSeconds(15);
        try (Admin admin = KafkaConnection.connect(config.streamsProperties(), timeout)) {
            new TopicSetup(admin, timeout).ensure(topics.inputs(), partitions, (short) 1, TopicSetup.defaultTopicConfig());
        }
        PrintWriter quiet = new PrintWriter(new StringWriter());
        AppTopics.prepare(config, timeout, quiet);

        // The dashboard, REST API and /metrics (org.fleetstreams.serve, docs/dashboard.md).
        org.fleetstreams.serve.FleetServer http;
        try {
            http = httpPort < 0 ? null : org.fleetstreams.serve.FleetServer.bind("localhost", httpPort);
        } catch (java.io.IOException e) {
            System.err.println("error: cannot listen on localhost:" + httpPort + " (" + e.getMessage()
                    + "); --http-port 0 picks a free port, -1 turns the dashboard off");
            return 2;
        }
        config = http == null ? config : config.withOverrides(http.applicationServer());
        KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties());
        if (http != null) {
            http.start(streams);
        }
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
        OutputTally tally = new OutputTally(bootstrap, topics, bootstrapServers == null);
        Thread tallyThread = new Thread(tally, "demo-output-tally");
        StringWriter replayOut = new StringWriter();
        StringWriter replayErr = new StringWriter();
        AppLag lag = new AppLag(bootstrap, config.applicationId(), topics.inputs());
        try (streams; tally; lag; AutoCloseable httpClose = http == null ? () -> { } : http) {
            streams.start();
            if (!running.await(60, TimeUnit.SECONDS)) {
                System.err.println("error: the Kafka Streams app did not reach RUNNING within 60 s (state "
                        + streams.state() + ")");
                return 1;
            }
            out.println("App: Kafka Streams " + config.applicationId() + " is RUNNING (exactly-once; one summary per"
                    + " window when it closes; the demo closes the last ones when the replay ends)");
            if (http != null) {
                out.println("Dashboard: " + http.url() + "  (REST API under /api, Prometheus metrics at /metrics)");
            }
            tallyThread.start();
            job = new ReplayJob(ReplayConfig.defaults(dataDir, bootstrap, topics).withSpeed(factor)
                    .withPasses(keepRunning ? 0 : 1).withTopicLayout(partitions, (short) 1)
                    .withProgressInterval(Duration.ZERO).withConnectTimeout(timeout), new PrintWriter(replayOut), new PrintWriter(replayErr), WallClock.SYSTEM);
            int[] replayCode = {-1};
            Thread replay = new Thread(() -> replayCode[0] = job.run(), "demo-replay");
            replay.start();
            if (keepRunning) {
                out.println("Looping until Ctrl-C. Other clients can attach to " + bootstrap + ", e.g.\n  kafka-console-consumer.sh"
                        + " --bootstrap-server " + bootstrap + " --topic " + topics.harshBraking() + " --from-beginning");
            }
            LiveView view = new LiveView(out, topics, terminal, lag, notes);
            while (replay.isAlive() && !failed(streams)) {
                view.render(job.progress(), tally, keepRunning ? "looping, Ctrl-C to stop" : "replaying");
                replay.join(500);
            }
            replay.join();
            if (!stopRequested && job.progress() != null) {
                closePartitions(bootstrap, config, job.progress().stats().maxEventTime());
            }
            if (failed(streams)) {
                System.err.println("error: the Kafka Streams app stopped: " + streams.state());
                return 1;
            }
            // Done when the app has committed every input record and, after that, the tally has read every output
            // partition to its end (in that order: the app's last transaction holds the last outputs).
            long drainStart = System.nanoTime();
            long appDoneAt = 0;
            boolean drained = false;
            while (!stopRequested && System.nanoTime() - drainStart < 120_000_000_000L) {
                view.render(job.progress(), tally, "app finishing");
                if (appDoneAt == 0 && appCaughtUp(bootstrap, config)) {
                    appDoneAt = System.nanoTime();
                }
                if (appDoneAt != 0 && tally.caughtUpSince(appDoneAt)) {
                    drained = true;
                    break;
                }
                Thread.sleep(300);
            }
            view.renderFinal(job.progress(), tally, drained ? "done" : "stopped");
            out.println();
            out.print(replayOut);
            if (!drained && !stopRequested) {
                out.println("warning: the app had not caught up after 120 s; the table shows what it wrote so far");
            }
            out.println();
            out.print(RideTable.format(RideTable.rows(
                    tally.summaries().stream().filter(x -> !ClosingRecords.isClosing(x.rideId())).toList(),
                    tally.alerts().stream().filter(x -> !ClosingRecords.isClosing(x.rideId())).toList(), config.time().windowSize().toMillis())));
            if (replayCode[0] != ReplayJob.OK) {
                System.err.print(replayErr);
                return 1;
            }
            return 0;
        }
    }

    /**
     * Closing records after a finite replay, once the app has taken every record (see {@link ClosingRecords}),
     * 10 minutes of event time after it.
     */
    private static void closePartitions(String bootstrap, AppConfig config, long lastEventTime) {
        ClosingRecords.sendWhenCaughtUp(bootstrap, config.topics(), config.applicationId(), lastEventTime + 600_000,
                Duration.ofSeconds(120));
    }

    /** Has the app committed every input record (its consumer group offsets reached the topics' ends)? */
    private static boolean appCaughtUp(String bootstrap, AppConfig config) {
        try (Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(5))) {
            return new TopicSetup(admin, Duration.ofSeconds(5)).groupLag(config.applicationId(), config.topics().inputs()) == 0;
        }
    }

    private static boolean failed(KafkaStreams streams) {
        return streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                || streams.state() == KafkaStreams.State.PENDING_ERROR;
    }

    /** Ctrl-C: stop the replay; {@link #call()} then drains, prints and shuts everything down. */
    private void onCtrlC() {
        stopRequested = true;
        ReplayJob j = job;
        if (j != null) {
            j.requestStop();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
