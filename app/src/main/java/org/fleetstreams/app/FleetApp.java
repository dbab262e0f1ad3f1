package org.fleetstreams.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.logging.ConsoleLogging;
import org.fleetstreams.serve.FleetServer;
import org.fleetstreams.time.TimePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Kafka Streams app: joins each car's GPS and accelerometer streams in event time and writes per-car summaries
 * and dead letters.
 *
 * <pre>
 *   java -jar replayer/target/replayer.jar --embedded-broker --loop &          # a broker with a live feed
 *   java -jar app/target/app.jar --bootstrap-servers localhost:9092              # this app
 *   java -jar app/target/app.jar --http-port 8080                                # ... with the dashboard at http://localhost:8080/
 * </pre>
 * What you see: the log file's name, then state changes (REBALANCING, RUNNING) and the tasks this instance owns;
 * the topology is in the log file. {@code bdd-joined} and
 * {@code bdd-car-summaries} fill up (read them with any consumer). Start the same command again with another
 * {@code --state-dir} to run a second instance: the input partitions are shared between instances. Ctrl-C closes
 * Kafka Streams cleanly.
 */
@Command(name = "app", mixinStandardHelpOptions = true, version = "app 0.1.0", sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Kafka Streams: GPS x accelerometer join per car in event time, per-car window summaries,"
                + " dead letters. Any Kafka Streams setting can come from --config FILE.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped with Ctrl-C", "1:Kafka Streams failed", "2:bad options",
                "3:Kafka unreachable, the login or an ACL refused, or the input topics are missing or not"
                        + " co-partitioned"})
public final class FleetApp implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
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
            + " (default: <tmp>/fleetstreams-state). Give each instance on one machine its own.")
    Path stateDir;

    @Option(names = "--instance-id", paramLabel = "ID", description = "Static membership: a name unique to this"
            + " instance and the same across its restarts (Kafka Streams appends the thread number). A restarted"
            + " instance takes its tasks back at once instead of after the session timeout (45 s); one that stays down"
            + " keeps them until then. Default: none (dynamic membership).")
    String instanceId;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Stream threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of Kafka Streams settings"
            + " (security, tuning...), which override everything else, and braking.* detector thresholds"
            + " (docs/operations.md).")
    Path configFile;

    @Option(names = "--join-window", paramLabel = "SECONDS", description = "Join samples and fixes at most this far"
            + " apart in event time (default: " + TimePolicy.JOIN_DIFFERENCE_S + ").")
    Double joinWindowSeconds;

    @Option(names = "--summary-size", paramLabel = "SECONDS",
            description = "Summary window size (default: " + TimePolicy.WINDOW_SIZE_S + ").")
    Double summarySizeSeconds;

    @Option(names = "--summary-advance", paramLabel = "SECONDS",
            description = "Summary window advance (default: " + TimePolicy.WINDOW_ADVANCE_S + ").")
    Double summaryAdvanceSeconds;

    @Option(names = "--tolerated-skew", paramLabel = "SECONDS", description = "How far one input may run ahead of the"
            + " other before the results stop waiting for it; records of an input further behind are dead letters"
            + " 'late' (default: " + TimePolicy.TOLERATED_SKEW_S + ").")
    Double toleratedSkewSeconds;

    @Option(names = "--tolerated-disorder", paramLabel = "SECONDS", description = "How far out of event-time order"
            + " records may be within one input (default: " + TimePolicy.TOLERATED_DISORDER_S + ").")
    Double toleratedDisorderSeconds;

    @Option(names = "--input-idle", paramLabel = "SECONDS", description = "How long one input must be silent, and read"
            + " to its end, while the other delivers before nothing waits for it; keep it above your cluster's leader"
            + " failover time (default: " + TimePolicy.INPUT_IDLE_MS / 1000 + ").")
    Double inputIdleSeconds;

    @Option(names = "--processing-guarantee", paramLabel = "exactly_once_v2|at_least_once",
            defaultValue = StreamsConfig.EXACTLY_ONCE_V2, description = "(default: ${DEFAULT-VALUE}).")
    String processingGuarantee;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up if Kafka does not answer within this time (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Serve the REST API, /metrics and the dashboard"
            + " on this port (0 = any free port; default: off). See docs/dashboard.md.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "localhost", description = "Address the HTTP"
            + " server listens on and advertises to the other instances as application.server; 0.0.0.0 = every"
            + " interface, advertised as this machine's host name (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--describe", description = "Print the topology and exit.")
    boolean describe;

    @Option(names = "--verbose", description = "Show Kafka's warnings on the console too (default: only in the log file).")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "target/app.log",
            description = "Where Kafka's log lines and stack traces go, appended; give each instance on a machine its own"
                    + " (default: ${DEFAULT-VALUE}).")
    Path logFile;

    /** The app alone, without the demo (app.jar's own entry point is {@code launcher.Launcher}). */
    public static void main(String[] args) {
        System.exit(commandLine(new FleetApp()).execute(args));
    }

    /** The command line of {@code app}, as main uses it (shared with tests). */
    public static CommandLine commandLine(FleetApp app) {
        return new CommandLine(app).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (describe) {
            out.println(FleetTopology.buildTopology(config()).describe());
            return 0;
        }
        try (ConsoleLogging logging = ConsoleLogging.start(logFile, verbose, System.err, true)) {
            err.println("Log file: " + logFile + (verbose ? "" : " (Kafka's messages; --verbose shows them here too)"));
            AppConfig config = config();
            Topology topology = FleetTopology.buildTopology(config);
            try {
                AppTopics.prepare(config, Duration.ofSeconds(connectTimeoutSeconds), err);
            } catch (KafkaSetupException e) {
                ConsoleLogging.logFailure("Kafka setup failed", e);
                err.println("error: " + e.getMessage());
                return 3;
            }
            try {
                if (httpPort == null) {
                    return run(topology, config, err, null);
                }
                try (FleetServer http = FleetServer.bind(httpHost, httpPort)) {
                    err.println("Dashboard, REST API and /metrics: " + http.url());
                    return run(topology, config.withOverrides(http.applicationServer()), err, http);
                } catch (java.io.IOException e) {
                    err.println("error: cannot listen on " + httpHost + ":" + httpPort + ": " + e.getMessage());
                    return 2;
                }
            } catch (RuntimeException e) {
                ConsoleLogging.logFailure("app failed", e);
                err.println("error: " + e + " (stack trace in " + logFile + ")");
                return 1;
            }
        }
    }

    AppConfig config() {
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
        TimePolicy time = TimePolicy.defaults();
        try {
            if (joinWindowSeconds != null) {
                time = time.withJoinTimeDifference(seconds(joinWindowSeconds));
            }
            if (summarySizeSeconds != null || summaryAdvanceSeconds != null) {
                time = time.withWindows(summarySizeSeconds != null ? seconds(summarySizeSeconds) : time.windowSize(),
                        summaryAdvanceSeconds != null ? seconds(summaryAdvanceSeconds) : time.windowAdvance());
            }
            if (toleratedSkewSeconds != null) {
                time = time.withToleratedSkew(seconds(toleratedSkewSeconds));
            }
            if (toleratedDisorderSeconds != null) {
                time = time.withToleratedDisorder(seconds(toleratedDisorderSeconds));
            }
            if (inputIdleSeconds != null) {
                time = time.withInputIdle(seconds(inputIdleSeconds));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
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
        return stateDir != null ? config.withStateDir(stateDir) : config;
    }

    private static int run(Topology topology, AppConfig config, PrintWriter err, FleetServer http) {
        try (StreamsRunner app = new StreamsRunner(topology, config, err)) {
            if (http != null) {
                http.start(app.streams());
            }
            int code = app.closeOnShutdown().start().awaitStopped();
            // read = valid + dead-lettered, per input (docs/reliability.md); the metrics outlive the close
            err.println(org.fleetstreams.ingest.InputAccounting.of(app.streams().metrics()).report(config.topics()));
            return code;
        }
    }

    private Map<String, String> loadConfig() {
        if (configFile == null) {
            return Map.of();
        }
        try {
            return PropertiesFiles.load(configFile);
        } catch (java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + e.getMessage());
        }
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
