package org.fleetstreams.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.FleetApp;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FileTrees;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.replay.ReplayerCli;

/**
 * The pieces of a fault run, each the project's own program in its own process: a {@link ProcessCluster}, the
 * replayer publishing data/sample, and app instances ({@link FleetApp}) that a test kills and starts again. Ends
 * with the closing records and the {@link OutputVerifier}.
 */
final class FaultRig implements AutoCloseable {

    /** The app module: the working directory in tests, the project root under {@code mvn -pl app exec:java@faults}. */
    private static final Path APP = Files.isDirectory(Path.of("src", "test", "java")) ? Path.of("") : Path.of("app");
    static final Path SAMPLE = APP.resolve(Path.of("..", "data", "sample")).normalize();
    static final long EPOCH = TopologyFixture.EPOCH;
    /** Readings in data/sample: what one replay publishes. */
    static final long SAMPLE_READINGS = 120_951;
    /** Keys of the bad records {@link #injectBadRecords} sends. */
    static final String BAD_KEY_PREFIX = "bad-";

    final Path dir;
    final ProcessCluster cluster;
    final Topics topics = Topics.withPrefix("faults");
    final String applicationId = "fleet-faults";
    private final List<ChildJvm> children = new CopyOnWriteArrayList<>();
    /** Every app instance started, killed ones too: one that died by itself fails the scenario. */
    private final List<ChildJvm> everyApp = new CopyOnWriteArrayList<>();
    private final AppMemory appMemory;
    private int badRecords;
    private Path appSettings;

    FaultRig(Path dir) throws InterruptedException {
        this.dir = dir;
        this.cluster = new ProcessCluster(dir.resolve("cluster"));
        this.appMemory = new AppMemory();
    }

    /** The largest resident memory any app instance had, sampled every second. */
    long maxAppRssMb() {
        return appMemory.maxRssMb();
    }

    /** Records in both inputs now (end offsets). */
    long inputRecords() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics.inputs()).allTopicNames().get().values().forEach(d -> d.partitions().forEach(p ->
                    latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** Both inputs, replication 3 (min.insync.replicas 2 is the cluster's default). */
    void createInputs(int partitions) {
        createInputs(cluster.bootstrapServers(), topics, partitions, (short) 3);
    }

    /** The replayer on data/sample at {@code speed}, replication 3, into the existing inputs. */
    ChildJvm startReplay(double speed) {
        return startReplay(speed, false);
    }

    /** As {@link #startReplay(double)}; with {@code resume}, it continues an interrupted replay ({@code --resume}). */
    ChildJvm startReplay(double speed, boolean resume) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", cluster.bootstrapServers(), "--data", SAMPLE.toString(),
                "--topic-prefix", topics.prefix(), "--speed", String.valueOf(speed),
                "--epoch", Instant.ofEpochMilli(EPOCH).toString(), "--replication-factor", "3",
                "--log-file", dir.resolve("replayer-kafka.log").toString()));
        if (resume) {
            args.add("--resume");
        }
        return track(ChildJvm.start("replayer", ReplayerCli.class.getName(), args, dir.resolve("replayer.log"), "512m"));
    }

    /**
     * The app instances' consumer session timeout from now on (Kafka's default: 45 s): how long a killed instance's
     * tasks wait before they move. A 6 s timeout once (Kafka 4.3.1) came with 173 lost joined pairs of one ride, the
     * signature of the changelog retention bug found later (docs/reliability.md, "Faults: the record").
     */
    void appSessionTimeout(Duration timeout) {
        Properties settings = new Properties();
        settings.setProperty("session.timeout.ms", String.valueOf(timeout.toMillis()));
        appSettings = dir.resolve("app-settings.properties");
        try (var out = Files.newOutputStream(appSettings)) {
            settings.store(out, "FaultRig: Kafka Streams settings of every app instance");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where app instance {@code n} writes Kafka's log messages (each of its runs appends). */
    Path appKafkaLog(int n) {
        return dir.resolve("app-" + n + "-kafka.log");
    }

    /** App instance {@code n} on {@code stateDir}, in its own process. */
    ChildJvm startApp(int n, Path stateDir) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", cluster.bootstrapServers(), "--topic-prefix", topics.prefix(),
                "--application-id", applicationId, "--state-dir", stateDir.toString(),
                "--log-file", appKafkaLog(n).toString()));
        if (appSettings != null) {
            args.addAll(List.of("--config", appSettings.toString()));
        }
        if (STATIC_MEMBERSHIP) {
            args.addAll(List.of("--instance-id", "app-" + n));
        }
        return trackApp(ChildJvm.start("app-" + n, FleetApp.class.getName(), args, dir.resolve("app-" + n + ".log"),
                "384m"));
    }

    /**
     * {@code -Dfaults.static=true}: every app instance with static membership ({@code --instance-id app-N}), so a
     * restarted instance takes its tasks back without waiting out the session timeout. Off by default: then a killed
     * instance's tasks move to the survivors first, which the scenarios also mean to exercise.
     */
    static final boolean STATIC_MEMBERSHIP = Boolean.getBoolean("faults.static");

    /** Bad records into both inputs (not JSON, or JSON without a ride): each must become one dead letter. */
    void injectBadRecords(int perInput) {
        Map<String, Object> conf = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(conf, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < perInput; i++) {
                badRecords++;
                long time = EPOCH + 30_000 + badRecords;
                producer.send(new ProducerRecord<>(topics.locations(), null, time, BAD_KEY_PREFIX + badRecords,
                        ("{\"offset\": 3.0, \"speed\": \"fast #" + badRecords + "\"").getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(topics.accelerations(), null, time, BAD_KEY_PREFIX + badRecords,
                        ("{\"offset\": 3.0, \"x\": 0.1, \"y\": 0.2, \"z\": " + badRecords + "}").getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /** Bad records sent so far, both inputs. */
    int badRecordsSent() {
        return 2 * badRecords;
    }

    /** Closing records an hour after the data, once the app has caught up, so every window closes. */
    void closeAllWindows() {
        ClosingRecords.sendWhenCaughtUp(cluster.bootstrapServers(), topics, applicationId, EPOCH + 3_600_000,
                Duration.ofMinutes(3));
    }

    /**
     * The end of a scenario: waits for the replay to end, closes every window and runs the verifier; fills the
     * report's figures (input records, replay time, verdict, the largest app memory).
     */
    void finish(FaultReport report, ChildJvm replay, Duration timeout) throws Exception {
        int code = replay.awaitExit(timeout);
        if (code != 0) {
            throw new AssertionError("replayer exited with " + code + ":\n" + replay.tail());
        }
        report.replayTime = replay.runTime();
        report.inputRecords = inputRecords();
        report.inputOnce = InputOnce.read(cluster.bootstrapServers(), topics);
        closeAllWindows();
        report.verdict = verify();
        report.maxAppRssMb = maxAppRssMb();
        report.tasksWithFixesBehind = FaultReport.fixesBehindLogged(dir);
        // the survivors can do a dead instance's work and pass the verifier: an instance that ran out of memory or
        // failed must still fail the scenario
        report.appsGone = everyApp.stream().filter(a -> a.exitedOnItsOwn().isPresent())
                .map(a -> a + " (exit code " + a.exitedOnItsOwn().getAsInt() + ")").toList();
        report.lessDurable = lessDurableTopics();
    }

    /**
     * The app's topics (outputs, changelogs, repartition) held with fewer than 3 replicas or a min.insync.replicas
     * other than 2: exactly-once survives the loss of a broker only with both, which the app gets from the cluster's
     * defaults (its outputs and Kafka Streams' topics ask for replication -1).
     */
    List<String> lessDurableTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(t -> topics.outputs().contains(t) || t.startsWith(applicationId + "-")).sorted().toList();
            if (names.isEmpty()) {
                return List.of("no output or changelog topic found");
            }
            var described = admin.describeTopics(names).allTopicNames().get();
            var configs = admin.describeConfigs(names.stream().map(FaultRig::topic).toList()).all().get();
            List<String> out = new ArrayList<>();
            for (String name : names) {
                int replicas = described.get(name).partitions().stream().mapToInt(p -> p.replicas().size()).min()
                        .orElse(0);
                String minInsync = configs.get(topic(name)).get("min.insync.replicas").value();
                if (replicas != 3 || !"2".equals(minInsync)) {
                    out.add(name + " (replicas " + replicas + ", min.insync.replicas " + minInsync + ")");
                }
            }
            return out;
        }
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    AppConfig appConfig() {
        return AppConfig.defaults(cluster.bootstrapServers(), topics).withApplicationId(applicationId);
    }

    VerifierReport verify() throws InterruptedException {
        return OutputVerifier.verify(cluster.bootstrapServers(), appConfig(), Duration.ofMinutes(3));
    }

    /** Creates both input topics of {@code topics} with {@code partitions} partitions and {@code replication}. */
    static void createInputs(String bootstrap, Topics topics, int partitions, short replication) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        try (var admin = KafkaConnection.connect(client, Duration.ofSeconds(60))) {
            new TopicSetup(admin, Duration.ofSeconds(60)).ensure(topics.inputs(), partitions, replication,
                    TopicSettings.defaultTopicConfig());
        }
    }

    /**
     * {@code app.jar} in its own JVM, as a user runs it, on {@code topics} at {@code bootstrap}: its state, Kafka's log
     * and its console in {@code dir}; {@code more} options after those.
     */
    static ChildJvm startApp(String bootstrap, Topics topics, Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--topic-prefix",
                topics.prefix(), "--state-dir", dir.resolve("state").toString(),
                "--log-file", dir.resolve("app-kafka.log").toString()));
        args.addAll(List.of(more));
        return ChildJvm.start("app", FleetApp.class.getName(), args, dir.resolve("app.log"), "384m");
    }

    /**
     * A directory under target/ for one run's logs, state and broker data: kept after the run, so a failure can be
     * read (each process's log is there); the next run of the same name starts from an empty one.
     */
    static Path runDir(String name) throws IOException {
        Path dir = APP.resolve(Path.of("target", "faults", name)).toAbsolutePath();
        FileTrees.delete(dir);
        return Files.createDirectories(dir);
    }

    Path stateDir(String name) {
        return dir.resolve("state-" + name);
    }

    Path freshStateDir(String name) throws IOException {
        return Files.createTempDirectory(dir, "state-" + name + "-");
    }

    private ChildJvm trackApp(ChildJvm app) {
        appMemory.add(app);
        everyApp.add(app);
        return track(app);
    }

    private ChildJvm track(ChildJvm child) {
        children.add(child);
        return child;
    }

    @Override
    public void close() throws InterruptedException {
        appMemory.close();
        try {
            ChildJvm.closeAll(children);
        } finally {
            cluster.close();
        }
    }
}
