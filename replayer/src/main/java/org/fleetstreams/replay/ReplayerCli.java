package org.fleetstreams.replay;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.cli.BadOptions;
import org.fleetstreams.common.cli.ProjectVersion;
import org.fleetstreams.common.logging.ConsoleLogging;
import org.fleetstreams.generate.GenerateCommand;
import org.fleetstreams.replay.schedule.ClockMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Publishes the BDD car-sensor Parquet partitions into Kafka in simulated time; its {@code generate} subcommand
 * ({@link org.fleetstreams.generate.GenerateCommand}) writes a synthetic fleet in the same layout.
 *
 * <p>Run it against your own cluster, or let it start a real single-node broker in-process:
 * <pre>
 *   java -jar replayer/target/replayer.jar --data data/bdd --embedded-broker --speed 10
 *   java -jar replayer/target/replayer.jar --bootstrap-servers broker:9092 --topic-prefix DoeJane --loop
 *   java -jar replayer/target/replayer.jar --embedded-broker --secure target/secure --loop   # SASL_SSL + ACLs
 * </pre>
 * What you see: a progress line every two seconds on stderr, then a summary on stdout (records per topic, rides,
 * simulated and event-time range, skipped rows per reason, deliveries, how far behind schedule it ran).
 * {@code kafka-console-consumer --topic bdd-locations --from-beginning} shows one JSON value per GPS fix.
 */
@Command(name = "replayer", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        subcommands = GenerateCommand.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Publishes the BDD locations and accelerations Parquet partitions into Kafka in simulated time."
                + " Key = ride_id; record timestamp = event time = epoch + offset; the JSON has exactly the course's"
                + " fields (--event-time-field adds event_time).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replay completed and every record was acknowledged",
                "1:some records could not be delivered", "2:bad data or bad options",
                "3:Kafka unreachable, the login or an ACL refused, or its topics cannot take this replay",
                "130:stopped with Ctrl-C (what was handed to the producer is delivered or failed first, within its"
                        + " max.block.ms + delivery.timeout.ms + 1 min, 4 min by default; the summary says how many were"
                        + " acknowledged)", "143:stopped with SIGTERM (the same)"})
public final class ReplayerCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: the --config file's bootstrap.servers, else "
                    + KafkaConnection.DEFAULT_BOOTSTRAP + "; a different one in the file is refused).")
    String bootstrapServers;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = ReplayConfig.DEFAULT_DATA,
            description = "Data set root holding locations/ and accelerations/ (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Topics are PREFIX-locations and PREFIX-accelerations (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--speed", paramLabel = "FACTOR|max", defaultValue = "" + ReplayConfig.SPEED,
            description = "1 = real time, 10 = ten times faster, max = as fast as possible (default: ${DEFAULT-VALUE};"
                    + " max for a --dry-run).")
    String speed;

    @Option(names = "--clock", paramLabel = "offset|partition",
            description = "What sets the publish time: each row's offset, or its t= folder's tick, all rows of a"
                    + " folder at once, like the course's replay (default: offset).")
    ClockMode clock;

    @Option(names = "--epoch", paramLabel = "ISO-INSTANT",
            description = "Event time of offset 0, e.g. 2017-08-28T00:00:00Z, for reproducible replays"
                    + " (default: now, rounded down to a minute, so that 15 s, 30 s and 1 min windows start at offsets"
                    + " that are multiples of them).")
    Instant epoch;

    @Option(names = "--loop", description = "Replay forever; each pass shifts event time by the data span plus a gap.")
    boolean loop;

    @Option(names = "--passes", paramLabel = "N",
            description = "Stop after N passes (default: 1, or forever with --loop).")
    Integer passes;

    @Option(names = "--loop-gap", paramLabel = "SECONDS", defaultValue = "" + ReplayConfig.LOOP_GAP_S,
            description = "Simulated pause between passes (default: ${DEFAULT-VALUE}).")
    double loopGapSeconds;

    @Option(names = "--fleet", paramLabel = "N", defaultValue = "" + ReplayConfig.FLEET,
            description = "Publish every ride N times as N cars with distinct, deterministic ids (default: ${DEFAULT-VALUE}).")
    int fleet;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + ReplayConfig.PARTITIONS,
            description = "Partitions for topics it creates; both topics get the same count (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "" + ReplayConfig.REPLICATION_FACTOR,
            description = "Replication factor for topics it creates; -1: the cluster's default.replication.factor"
                    + " (default: ${DEFAULT-VALUE}, as the app's topics).")
    short replicationFactor;

    @Option(names = "--topic-config", paramLabel = "KEY=VALUE",
            description = "Config for topics it creates, repeatable (defaults: retention.ms=-1,"
                    + " message.timestamp.after.max.ms=Long.MAX so replayed history is kept and accepted; before Kafka 3.6"
                    + " message.timestamp.difference.max.ms).")
    Map<String, String> topicConfig = new LinkedHashMap<>();

    @Option(names = {"--config", "--producer-config"}, paramLabel = "FILE",
            description = "Properties file of producer settings (SASL/SSL, batching...); overrides the defaults and"
                    + " is also used to connect the admin client (same option name as the app's).")
    Path producerConfig;

    @Option(names = "--embedded-broker", paramLabel = "PORT", arity = "0..1", fallbackValue = "" + KafkaConnection.DEFAULT_PORT,
            description = "Start a real single-node Kafka broker in this process on localhost:PORT (default port"
                    + " ${FALLBACK-VALUE}) and replay into it; it runs until the replayer exits.")
    Integer embeddedBroker;

    @Option(names = "--secure", paramLabel = "DIR",
            description = "With --embedded-broker: secure it with SASL_SSL (SCRAM-SHA-512), TLS from a CA made at"
                    + " start and ACLs; write the CA truststore and the replayer's, the app's and the admin's client"
                    + " properties into DIR, and replay as the replayer's user (docs/security.md).")
    Path secureDir;

    @Option(names = "--resume", description = "Continue an interrupted replay into the same topics: publish only what"
            + " they do not hold yet, each record once, in order. Needs the interrupted run's options, --epoch"
            + " included; refuses topics that hold another replay (docs/replayer.md).")
    boolean resume;

    @Option(names = "--close", description = "End a finite replay with one closing record per partition of both"
            + " topics (ride_id __closing__, " + ClosingRecords.LEAD_MINUTES + " minutes of event time after the data), so"
            + " the app's last windows close"
            + " and it writes their final summaries; other readers should leave that ride out (docs/replayer.md).")
    boolean close;

    @Option(names = "--event-time-field", description = "Also write each record's event time into its JSON as"
            + " event_time (epoch ms), as builds before 2026-12-05 did. Default: exactly the course's fields; the event"
            + " time is the record timestamp.")
    boolean eventTimeField;

    @Option(names = "--no-fixes-before", description = "Do not write the header " + FixesBefore.HEADER + " on"
            + " accelerometer records. By default a paced replay on the offset clock names there where the same"
            + " partition's GPS fixes before the sample end, so the app passes the sample on without waiting for the"
            + " next fix; leave it out when another producer writes GPS fixes into the same topic (docs/replayer.md).")
    boolean noFixesBefore;

    @Option(names = "--dry-run", description = "Read and schedule everything without a broker and print the summary,"
            + " at once unless --speed is given.")
    boolean dryRun;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "" + ReplayConfig.PROGRESS_INTERVAL_S,
            description = "Seconds between progress lines; 0 = none (default: ${DEFAULT-VALUE}).")
    double progressSeconds;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "" + ReplayConfig.CONNECT_TIMEOUT_S,
            description = "Give up if Kafka does not answer within this time (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--verbose", description = "Show Kafka's warnings on the console too (default: only in the log file).")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = "target/replayer.log",
            description = "Where Kafka's and the libraries' log lines go (default: ${DEFAULT-VALUE}).")
    Path logFile;

    /** Set by the shutdown hook path so main does not call System.exit during JVM shutdown. */
    private ReplayJob job;

    public static void main(String[] args) {
        System.exit(commandLine(new ReplayerCli()).execute(args));
    }

    static CommandLine commandLine(ReplayerCli cli) {
        return BadOptions.install(new CommandLine(cli).setCaseInsensitiveEnumValuesAllowed(true));
    }

    @Override
    public Integer call() {
        ReplayConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ConsoleLogging logging = ConsoleLogging.start(logFile, verbose, System.err)) {
            err.println("Log file: " + logFile + (verbose ? "" : " (Kafka's messages; --verbose shows them here too)"));
            err.flush();
            try {
                return replay(config, out, err);
            } catch (RuntimeException e) {
                ConsoleLogging.logFailure("replayer failed", e);
                err.println("error: " + e + " (stack trace in " + logFile + ")");
                return 1;
            }
        }
    }

    private int replay(ReplayConfig config, PrintWriter out, PrintWriter err) {
        job = new ReplayJob(config, out, err, WallClock.SYSTEM);
        Thread hook = new Thread(() -> {
            job.requestStop();
            try {
                // Let run() flush the producer and print the summary before the JVM goes: as long as the producer's
                // settings let that take (a fixed 60 s cut a slow broker's records off, with no summary)
                job.awaitDone(job.stopWait());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replayer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = job.run();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C arrived: the hook is running and waits for us, which is fine.
        }
        return code;
    }

    /** Beyond these, simulated time in milliseconds overflows a long within a few passes, or a pause takes years. */
    static final double MAX_LOOP_GAP_S = 10 * 365.25 * 86_400;
    /** Event time is in milliseconds: a shorter gap would be 0 ms. */
    static final double MIN_LOOP_GAP_S = 0.001;
    /** Ten years, as the loop gap: a longer interval (Infinity overflows a long of milliseconds) is 0's "never". */
    static final double MAX_PROGRESS_INTERVAL_S = MAX_LOOP_GAP_S;
    static final double MIN_SPEED = 0.001;
    /**
     * 35 rides x 100,000 clones keep about 1.6 GB of ids; a larger fleet wants a data set of more rides. Whether the
     * heap holds a fleet is checked against the data once it is open ({@link FleetMemory}).
     */
    static final int MAX_FLEET = 100_000;
    static final Instant MAX_EPOCH = Instant.parse("9999-12-31T23:59:59Z");

    ReplayConfig config() {
        // A dry run has nothing to pace for: it prints its summary at once unless a speed is asked for.
        boolean speedGiven = spec.commandLine().getParseResult().hasMatchedOption("--speed");
        double speedFactor = dryRun && !speedGiven ? Double.POSITIVE_INFINITY : parseSpeed(speed);
        if (passes != null && passes < 1) {
            throw new ParameterException(spec.commandLine(), "--passes must be >= 1, was " + passes);
        }
        int passCount = passes != null ? passes : loop ? 0 : 1;
        require(fleet >= 1 && fleet <= MAX_FLEET, "--fleet must be 1.." + MAX_FLEET + " (each clone of a ride keeps"
                + " its ids in memory), was " + fleet);
        require(partitions >= 1, "--partitions must be >= 1, was " + partitions);
        require(replicationFactor >= 1 || replicationFactor == -1, "--replication-factor must be >= 1, or -1 for the"
                + " cluster's default.replication.factor, was " + replicationFactor);
        require(loopGapSeconds >= MIN_LOOP_GAP_S && loopGapSeconds <= MAX_LOOP_GAP_S, "--loop-gap must be at least "
                + MIN_LOOP_GAP_S + " (1 ms, event time's unit) and at most " + (long) MAX_LOOP_GAP_S
                + " seconds (ten years), was " + loopGapSeconds);
        require(speedFactor >= MIN_SPEED, "--speed must be at least " + MIN_SPEED + " (or 'max'), was " + speed);
        require(epoch == null || !epoch.isBefore(Instant.EPOCH) && epoch.isBefore(MAX_EPOCH),
                "--epoch must be from 1970-01-01T00:00:00Z (Kafka's timestamps start there) to year 9999, was " + epoch);
        require(progressSeconds == 0 || progressSeconds >= 0.001 && progressSeconds <= MAX_PROGRESS_INTERVAL_S,
                "--progress-interval must be 0 (off) or from 0.001 to " + (long) MAX_PROGRESS_INTERVAL_S
                        + " seconds (ten years), was " + progressSeconds);
        if (embeddedBroker != null) {
            BadOptions.requirePort(spec.commandLine(), "--embedded-broker PORT", embeddedBroker, 0);
        }
        require(connectTimeoutSeconds >= 1, "--connect-timeout must be >= 1 second, was " + connectTimeoutSeconds);
        require(!(dryRun && passCount == 0), "--dry-run with --loop and no --passes would never end");
        require(!(embeddedBroker != null && bootstrapServers != null),
                "--embedded-broker and --bootstrap-servers exclude each other: the embedded broker is the server");
        require(secureDir == null || embeddedBroker != null, "--secure secures the --embedded-broker; add it");
        require(!resume || epoch != null, "--resume needs the interrupted run's --epoch (the default, now, differs on every run)");
        require(!(resume && dryRun), "--resume reads what the topics hold; a --dry-run has no topics");
        require(!(resume && embeddedBroker != null), "--resume continues a replay in the topics that hold it; the"
                + " --embedded-broker starts with a fresh log on every run: its topics hold nothing to resume");
        require(!close || passCount != 0, "--close ends a finite replay; a --loop without --passes never ends");
        require(!(close && dryRun), "--close writes closing records; a --dry-run has no topics");
        require(!(dryRun && embeddedBroker != null), "--dry-run needs no broker; --embedded-broker would start one for nothing");
        Topics topics;
        try {
            topics = Topics.withPrefix(topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
        }
        ReplayConfig config = ReplayConfig.defaults(data, bootstrapServers, topics).withSpeed(speedFactor)
                .withEpoch(epoch).withPasses(passCount).withLoopGap(Duration.ofMillis(Math.round(loopGapSeconds * 1000)))
                .withFleet(fleet).withTopicLayout(partitions, replicationFactor).withTopicConfig(topicConfig)
                .withProducerConfig(producerConfig).withEmbeddedBroker(embeddedBroker).withDryRun(dryRun)
                .withProgressInterval(Duration.ofMillis(Math.round(progressSeconds * 1000)))
                .withConnectTimeout(Duration.ofSeconds(connectTimeoutSeconds)).withSecureDir(secureDir)
                .withResume(resume)
                .withClose(close)
                .withEventTimeField(eventTimeField)
                .withFixesBefore(!noFixesBefore);
        return clock == null ? config : config.withClock(clock);
    }

    private double parseSpeed(String value) {
        return ReplayConfig.parseSpeed(value).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--speed must be a number > 0 or 'max', was '" + value + "'"));
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
