package org.fleetstreams.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.cli.BadOptions;
import org.fleetstreams.common.cli.ProjectVersion;
import org.fleetstreams.common.logging.ConsoleLogging;
import org.fleetstreams.pipeline.BrokerStartException;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.LocalPipelineBuilder;
import org.fleetstreams.pipeline.Replay;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
 * On a machine with two CPUs, the first line says that the one-pass demo runs in a JVM with C1 only
 * ({@link SmallMachineJvm}, which says why).
 *
 * <p>This class owns the options and the checks before anything starts; {@link LocalPipeline} starts broker and
 * topics, {@link DemoRun} does the run itself.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs broker, app and replayer together with a live console view (see README).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the app or the replay failed, or the app had not caught up 120 s after the replay (a partial table)", "2:bad options or data (a data set of no rows, or whose rows the replay skipped all)",
                "3:Kafka unreachable, the embedded broker cannot start, or the replayer refused the topics before sending (e.g. a compacted input)",
                "130:stopped with Ctrl-C (without waiting for the app to finish: the table of what was read so far; --keep-running prints none)", "143:stopped with SIGTERM (the same)"})
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

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "" + KafkaConnection.DEFAULT_PORT,
            description = "Port of the embedded broker; 0 = any free port (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--no-warm-up", negatable = false, description = "Start the live replay at once, with the JVM"
            + " cold (by default the app first runs once over the data at full speed on topics of its own, so that it"
            + " keeps pace from the first live record; never at --speed max).")
    boolean noWarmUp;

    @Option(names = "--broker-storage", paramLabel = "auto|memory|disk", defaultValue = "auto", description = "Where the"
            + " embedded broker keeps its log (deleted at the end): auto = in memory at --speed 10 or less when there is"
            + " room and no --keep-running, else on disk in --work-dir (default: ${DEFAULT-VALUE}; docs/operations.md).")
    String brokerStorage;
    /** {@link #brokerStorage} as a mode, set when the options are checked (a bad name is refused there). */
    private BrokerStorage.Mode storage;

    @Option(names = "--keep-running", description = "Loop the replay and keep broker and app running until Ctrl-C.")
    boolean keepRunning;

    @Mixin
    DemoLayout layout = new DemoLayout();

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", description = "Dashboard, REST API and"
            + " /metrics on localhost:PORT; 0 = any free port, -1 = off (default: ${DEFAULT-VALUE}; docs/dashboard.md).")
    int httpPort;

    @Option(names = "--verbose", description = "Show Kafka's warnings on the console too (default: only in the log"
            + " file, <work-dir>/demo.log).")
    boolean verbose;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Log file, app state and broker data (unless in memory: --broker-storage); broker data and"
                    + " state are emptied at start and deleted at the end, the log is kept (default: target/demo).")
    Path workDir = DemoWorkDir.DEFAULT;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Queue<String> notes = new ConcurrentLinkedQueue<>();
    private volatile boolean stopRequested;
    private volatile DemoRun run;
    /** The warm-up's replay while it runs, so that Ctrl-C can stop it too. */
    private volatile ReplayJob warmUpJob;
    /** The end of the {@code Kafka:} line: where the embedded broker's log is, and why not in memory. */
    private String brokerNote = "";

    /** The launcher's class and arguments when a child JVM may run the demo, else null. */
    private final List<String> launcherArgs;

    /** The demo in this JVM, whatever the machine (tests, and other entry points). */
    public DemoCommand() {
        this(System.out, null);
    }

    /**
     * The demo of {@code java -jar app.jar demo}: on a two-core machine it may run in a child JVM ({@link SmallMachineJvm}).
     *
     * @param mainClass    the launcher's class, which the child runs
     * @param launcherArgs the launcher's arguments, for the child
     */
    public static DemoCommand fromLauncher(Class<?> mainClass, String[] launcherArgs) {
        List<String> launcher = new ArrayList<>(List.of(mainClass.getName()));
        launcher.addAll(List.of(launcherArgs));
        return new DemoCommand(System.out, List.copyOf(launcher));
    }

    /** @param out where the live view, the replay summary and the table go (tests capture it) */
    DemoCommand(PrintStream out) {
        this(out, null);
    }

    private DemoCommand(PrintStream out, List<String> launcherArgs) {
        this.out = out;
        this.launcherArgs = launcherArgs;
    }

    @Override
    public Integer call() throws Exception {
        double factor = checkOptions();
        if (launcherArgs != null) {
            Optional<List<String>> child = SmallMachineJvm.childCommand(SmallMachineJvm.Jvm.ofThisJvm(), launcherArgs,
                    keepRunning, speed.equalsIgnoreCase("max"));
            if (child.isPresent()) {
                OptionalInt code = SmallMachineJvm.run(new ProcessBuilder(child.get()).inheritIO(), out);
                if (code.isPresent()) {
                    return code.getAsInt();
                }
            }
        }
        SmallMachineJvm.stopWithParent();
        boolean terminal = System.console() != null;
        DemoWorkDir work = new DemoWorkDir(workDir);
        AutoCloseable held;
        try {
            held = work.lock();
        } catch (DemoWorkDir.Unusable e) {
            System.err.println("error: --work-dir: " + e.getMessage());
            return 2;
        }
        if (held == null) {
            System.err.println("error: another demo is running in " + work.root().toAbsolutePath().normalize()
                    + " (its broker data and state are there); give this one another --work-dir");
            return 2;
        }
        try (held) {
            BrokerStorage.Placement broker = bootstrapServers != null ? new BrokerStorage.Placement(work.brokerDir(), "")
                    : BrokerStorage.dirFor(storage, work.brokerDir(), DemoData.choose(data, Path.of("")), factor, keepRunning);
            brokerNote = broker.note();
            return demoIn(work.withBrokerDir(broker.dir()), terminal, factor);
        }
    }

    private int demoIn(DemoWorkDir work, boolean terminal, double factor) throws Exception {
        // Kafka's warnings that mean something come as one-line notes, printed by the view above its frame.
        try (ConsoleLogging logging = ConsoleLogging.start(work.logFile(), verbose, System.err, notes::add, false)) {
            out.println("Log file: " + work.logFile() + (verbose ? "" : " (Kafka's messages; --verbose shows them here too)"));
            try {
                return demo(work, terminal, factor);
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

    /**
     * Every option that can be checked before anything starts (a second JVM, the broker, the warm-up), refused with
     * picocli's error for bad options (exit 2), naming the option. Returns the replay speed.
     */
    private double checkOptions() {
        CommandLine cmd = spec.commandLine();
        double factor = ReplayConfig.parseSpeed(speed).orElseThrow(() -> new ParameterException(cmd,
                "--speed must be a number above 0, or max, was '" + speed + "'"));
        layout.check(cmd);
        BadOptions.requirePort(cmd, "--broker-port", brokerPort, 0);
        BadOptions.requirePort(cmd, "--http-port", httpPort, -1);
        for (String embeddedOnly : List.of("--broker-port", "--broker-storage")) {
            if (bootstrapServers != null && cmd.getParseResult().hasMatchedOption(embeddedOnly)) {
                throw new ParameterException(cmd, embeddedOnly + " is for the embedded broker; with --bootstrap-servers"
                        + " there is none (give one of the two)");
            }
        }
        storage = BrokerStorage.mode(cmd, brokerStorage, DemoData.choose(data, Path.of("")));
        DemoRun.requireFreeHttpPort(cmd, httpPort, bootstrapServers == null ? brokerPort : 0); // not after the warm-up
        return factor;
    }

    private int demo(DemoWorkDir work, boolean terminal, double factor) throws Exception {
        Path dataDir = DemoData.choose(data, Path.of(""));
        String problem = DemoData.problem(dataDir, data != null); // before a broker starts: bad data is bad input
        if (problem != null) {
            System.err.println(problem);
            return 2;
        }
        out.println(DemoData.describe(dataDir, data != null));
        Runtime.getRuntime().addShutdownHook(new Thread(this::onCtrlC, "demo-shutdown"));
        Path stateDir = work.prepare().stateDir();
        if (bootstrapServers != null) {
            out.println("Kafka: " + bootstrapServers);
        }
        // The app's defaults (one final summary per window); the closing records after the replay close every window.
        LocalPipelineBuilder builder = LocalPipeline.builder().topics(layout.topics()).partitions(layout.partitions)
                .app(c -> c.withApplicationId("fleetstreams-demo-" + layout.topicPrefix).withStateDir(stateDir)
                        .withThreads(layout.threads))
                .replay(Replay.of(dataDir).atSpeed(factor).looping(keepRunning)).connectTimeout(Duration.ofSeconds(KafkaConnection.DEFAULT_TIMEOUT_S));
        builder = bootstrapServers != null ? builder.externalKafka(bootstrapServers)
                : builder.embeddedBroker(brokerPort, work.brokerDir());
        if (keepRunning && bootstrapServers == null) {
            BrokerStorage.loopingLimits().forEach(builder::brokerConfig);
        }
        try (LocalPipeline pipeline = builder.start()) {
            if (pipeline.embedded()) {
                out.println("Kafka: a real single-node broker (KRaft) in this process at " + pipeline.bootstrapServers()
                        + brokerNote);
            }
            String busy = pipeline.embedded() ? null : GroupInUse.refusal(pipeline); // before the warm-up's app too
            if (busy != null) {
                System.err.println(busy);
                return 2;
            }
            // At max speed there is no pace to keep: the warm-up would only add its own time.
            if (!noWarmUp && !stopRequested && Double.isFinite(factor)) {
                WarmUp.run(pipeline, dataDir, stateDir, out, () -> stopRequested, job -> warmUpJob = job);
                if (stopRequested) {
                    return 0; // stopped during the warm-up: no live run to show
                }
            }
            run = new DemoRun(pipeline, out, notes, () -> stopRequested);
            return run.run(httpPort, keepRunning, terminal);
        } catch (BrokerStartException e) {
            ConsoleLogging.logFailure("embedded broker failed to start", e);
            System.err.println("error: " + e.getMessage() + " (--broker-port 0 picks a free port; --bootstrap-servers"
                    + " uses a running Kafka; details in " + work.logFile() + ")");
            return 3;
        } catch (KafkaSetupException e) {
            ConsoleLogging.logFailure("Kafka setup failed", e);
            System.err.println("error: " + e.getMessage());
            return 3;
        }
    }

    /** Stops the replay, as Ctrl-C does, without waiting: {@link #call()} then prints and shuts everything down. */
    void requestStop() {
        stopRequested = true;
        ReplayJob warm = warmUpJob;
        if (warm != null) {
            warm.requestStop();
        }
        DemoRun r = run;
        ReplayJob j = r == null ? null : r.job();
        if (j != null) {
            j.requestStop();
        }
    }

    /** Ctrl-C: stop the replay; {@link #call()} then prints and shuts down, given what the producer may need. */
    private void onCtrlC() {
        requestStop();
        DemoRun r = run;
        ReplayJob j = r == null ? null : r.job();
        long waitS = Math.max(30, j == null ? 0 : j.stopWait().toSeconds());
        try {
            finished.await(waitS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
