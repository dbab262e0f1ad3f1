package org.fleetstreams.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.cli.BadOptions;
import org.fleetstreams.common.cli.ProjectVersion;
import org.fleetstreams.common.logging.ConsoleLogging;
import org.fleetstreams.serve.FleetServer;
import org.fleetstreams.time.TimePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Kafka Streams app: joins each car's GPS and accelerometer streams in event time and writes per-car summaries,
 * harsh-braking alerts and dead letters.
 *
 * <pre>
 *   java -jar replayer/target/replayer.jar --embedded-broker --loop &          # a broker with a live feed
 *   java -jar app/target/app.jar --bootstrap-servers localhost:9092              # this app
 *   java -jar app/target/app.jar --http-port 8080                                # ... with the dashboard at http://localhost:8080/
 * </pre>
 * What you see: the log file's name, then state changes (REBALANCING, RUNNING) and the tasks this instance owns;
 * the topology is in the log file ({@code --describe} prints it and exits). {@code bdd-joined},
 * {@code bdd-car-summaries} and {@code bdd-harsh-braking} fill up (read them with any consumer). Start the same command again with another
 * {@code --state-dir} to run a second instance: the input partitions are shared between instances. Ctrl-C closes
 * Kafka Streams cleanly.
 */
@Command(name = "app", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Kafka Streams: GPS x accelerometer join per car in event time, per-car window summaries,"
                + " harsh-braking alerts, dead letters. Any Kafka Streams setting can come from --config FILE.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"1:Kafka Streams failed", "2:bad options",
                "3:Kafka unreachable, the login or an ACL refused, or the input topics are missing or not"
                        + " co-partitioned", "130:stopped with Ctrl-C (after closing Kafka Streams cleanly)",
                "143:stopped with SIGTERM (the same)"})
public final class FleetApp implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = KafkaConnection.DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Reads PREFIX-locations and PREFIX-accelerations; writes PREFIX-joined,"
                    + " PREFIX-car-summaries, PREFIX-harsh-braking, PREFIX-dead-letters (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--application-id", paramLabel = "ID",
            description = "Kafka Streams application.id; instances with the same id share the work"
                    + " (default: fleetstreams-PREFIX).")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where the RocksDB state stores live"
            + " (default: <tmp>/fleetstreams-state-<user>). Give each instance on one machine its own.")
    Path stateDir;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Static membership: a name unique to this"
            + " instance and the same across its restarts (Kafka Streams appends the thread number). A restarted"
            + " instance takes its tasks back at once instead of after the session timeout (45 s); one that stays down"
            + " keeps them until then. Default: none (dynamic membership).")
    String instanceId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + AppConfig.DEFAULT_THREADS,
            description = "Stream threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of Kafka Streams settings"
            + " (security, tuning...), which override everything else, and braking.* detector thresholds"
            + " (docs/operations.md).")
    Path configFile;

    @Mixin
    TimeOptions timeOptions = new TimeOptions();

    @Option(names = "--processing-guarantee", paramLabel = "exactly_once_v2|at_least_once",
            defaultValue = AppConfig.DEFAULT_GUARANTEE, description = "Kafka Streams' processing.guarantee:"
            + " exactly_once_v2 (each input record's outputs and state written once, even after a crash) or at_least_once"
            + " (faster commits; after a crash some outputs may be written twice) (default: ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Mixin
    WaitOptions waitOptions = new WaitOptions();

    @Mixin
    HttpOptions http = new HttpOptions();

    @Option(names = "--describe", description = "Print the topology and exit.")
    boolean describe;

    @Option(names = "--verbose", description = "Show Kafka's warnings on the console too (default: only in the log file).")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "target/app.log",
            description = "Where Kafka's log lines and stack traces go, appended; give each instance on a machine its own"
                    + " (default: ${DEFAULT-VALUE}).")
    Path logFile;

    /** Counted down when {@link #call} has returned: what the JVM's shutdown waits for ({@link StreamsRunner}). */
    private final CountDownLatch finished = new CountDownLatch(1);

    /** The app alone, without the demo (app.jar's own entry point is {@code launcher.Launcher}). */
    public static void main(String[] args) {
        System.exit(commandLine(new FleetApp()).execute(args));
    }

    /** The command line of {@code app}, as main uses it (shared with tests). */
    public static CommandLine commandLine(FleetApp app) {
        return BadOptions.install(new CommandLine(app).setCaseInsensitiveEnumValuesAllowed(true));
    }

    @Override
    public Integer call() {
        try {
            return runApp();
        } finally {
            finished.countDown(); // what a stop prints and closes is done: the shutdown hook may let the JVM end
        }
    }

    private Integer runApp() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AppConfig config = config(); // bad options are refused before anything starts, the log file included
        for (String key : UnknownSettings.in(config.overrides())) {
            err.println("note: --config " + configFile + ": " + key + " is no setting of Kafka Streams, its clients, its"
                    + " topics or this app: nothing reads it unless a plug-in does (misspelt?)");
        }
        if (describe) {
            out.println(FleetTopology.buildTopology(config).describe());
            return 0;
        }
        try (ConsoleLogging logging = ConsoleLogging.start(logFile, verbose, System.err, true)) {
            err.println("Log file: " + logFile + (verbose ? "" : " (Kafka's messages; --verbose shows them here too)"));
            TimeOptions.closingNote(config.time(), config.braking()).ifPresent(n -> err.println("note: " + n));
            Topology topology = FleetTopology.buildTopology(config);
            FleetServer bound;
            try {
                bound = http.bind(config);
            } catch (IOException e) {
                err.println("error: cannot listen on " + http.address() + ": " + e.getMessage()
                        + " (--http-port 0 picks a free port)");
                return 2;
            }
            try (FleetServer server = bound == null ? null : bound.serveWhileStarting()) {
                AppTopics.Prepared prepared;
                try {
                    prepared = AppTopics.prepare(config, waitOptions.connectTimeout(), waitOptions.inputTimeout(), err);
                } catch (KafkaSetupException e) {
                    ConsoleLogging.logFailure("Kafka setup failed", e);
                    err.println("error: " + e.getMessage());
                    return 3;
                }
                AppConfig checked = prepared.applyTo(config);
                int partitions = prepared.partitions();
                if (server == null) {
                    return run(topology, checked, err, null, 0);
                }
                err.println("Dashboard, REST API and /metrics: " + server.url());
                return run(topology, checked.withOverrides(server.applicationServer()), err, server, partitions);
            } catch (RuntimeException e) {
                ConsoleLogging.logFailure("app failed", e);
                err.println("error: " + e + " (stack trace in " + logFile + ")");
                return 1;
            }
        }
    }

    AppConfig config() {
        checkNumbers();
        Topics topics;
        try {
            topics = Topics.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
        }
        AppConfig defaults = AppConfig.defaults(bootstrapServers, topics);
        Map<String, String> settings = loadConfig();
        BrakingConfig braking;
        try {
            braking = BrakingConfig.from(settings);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + configFile + ": " + e.getMessage());
        }
        TimePolicy time = timeOptions.policy(spec.commandLine());
        Map<String, String> timeSettings = timeOptions.settings(spec.commandLine());
        if (!timeSettings.isEmpty()) {
            settings = new HashMap<>(settings);
            timeSettings.forEach(settings::putIfAbsent); // --config FILE still wins, as for every option
        }
        if (instanceId != null) {
            if (instanceId.isBlank()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--instance-id must not be blank");
            }
            settings = new HashMap<>(settings);
            settings.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId); // --config FILE still wins
        }
        AppConfig config = defaults.withThreads(threads).withProcessingGuarantee(processingGuarantee).withTime(time)
                .withBraking(braking);
        try {
            config = config.withOverrides(settings);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config " + configFile + ": " + e.getMessage());
        }
        config = applicationId != null ? config.withApplicationId(applicationId) : config;
        config = stateDir != null ? config.withStateDir(stateDir) : config;
        if (!describe) {
            http.checkApplicationServer(spec.commandLine(), config, configFile);
        }
        String from = configFile != null ? "--config " + configFile + ": " : "";
        try {
            config.checkSettings(); // what Kafka Streams and its clients would refuse at start, refused now
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), from + e.getMessage());
        }
        String idFrom = config.overrides().containsKey(StreamsConfig.APPLICATION_ID_CONFIG) || applicationId == null
                ? from : "--application-id: ";
        LocalChecks.applicationIdProblem(config.applicationId(), FleetTopology.buildTopology(config)).ifPresent(p -> {
            throw new CommandLine.ParameterException(spec.commandLine(), idFrom + p);
        });
        Path state = config.stateDir();
        if (!describe) {
            LocalChecks.stateDirProblem(state, config.applicationId()).ifPresent(p -> {
                throw new CommandLine.ParameterException(spec.commandLine(), "the state directory " + state
                        + " (--state-dir, or state.dir in --config): " + p);
            });
        }
        return config;
    }

    /** The options that are plain numbers, each named when it is out of range. */
    private void checkNumbers() {
        if (!Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE).contains(processingGuarantee)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--processing-guarantee must be "
                    + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE + ", was '"
                    + processingGuarantee + "'");
        }
        BadOptions.requireRange(spec.commandLine(), "--threads", threads, 1, Integer.MAX_VALUE);
        waitOptions.check(spec.commandLine());
        http.check(spec.commandLine());
    }

    private int run(Topology topology, AppConfig config, PrintWriter err, FleetServer server, int partitions) {
        try (StreamsRunner app = new StreamsRunner(topology, config, err)) {
            if (server != null) {
                server.start(app.streams(), app.restoring(), partitions, config.braking());
            }
            int code = app.closeOnShutdown(finished).start().awaitStopped();
            // read = valid + dead-lettered, per input (docs/reliability.md); the app's metrics outlive the close
            err.println(app.accounting().report(config.topics()));
            return code;
        }
    }

    private Map<String, String> loadConfig() {
        if (configFile == null) {
            return Map.of();
        }
        try {
            return PropertiesFiles.load(configFile);
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + e.getMessage());
        }
    }
}
