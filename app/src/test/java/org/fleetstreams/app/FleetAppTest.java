package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.assertj.core.api.Assertions;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.ingest.Ingest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The app's command line: startup checks against a real broker, options, config file. */
class FleetAppTest {

    private static EmbeddedKafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void missingInputTopicsAreAOneLineErrorAndExitThree() {
        AppRun run = AppRun.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "nothing-here",
                "--input-timeout", "5");

        assertThat(run.code()).isEqualTo(3);
        // the log file's name, the wait, then one line; Kafka's own lines are in the log file
        assertThat(run.err().strip().lines()).containsExactly(
                "Log file: target/app.log (Kafka's messages; --verbose shows them here too)",
                "Waiting up to 5 s for input topic(s) [nothing-here-locations, nothing-here-accelerations] (the"
                        + " replayer creates them)",
                "error: input topic nothing-here-locations does not exist (waited 5 s); start the"
                        + " replayer first (it creates both inputs) or check --topic-prefix");
    }

    @Test
    void inputsCreatedWhileTheAppWaitsForThemAreTaken() throws Exception {
        // the README's order: the replayer in the background, the app at once, before the replayer has its topics
        AppConfig config = AppConfig.defaults(broker.bootstrapServers(), Topics.withPrefix("late"));
        StringWriter said = new StringWriter();
        // (by default the app waits for its inputs without a limit: the 1 s bounds each call to Kafka only)
        CompletableFuture<Void> prepared = CompletableFuture.runAsync(() ->
                AppTopics.prepare(config, Duration.ofSeconds(1), null, new PrintWriter(said, true)));
        await("the app to say it waits").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(said.toString()).contains("Waiting"));
        assertThat(said.toString()).as("waiting for the inputs").contains("Waiting for input topic(s)"
                + " [late-locations, late-accelerations] (the replayer creates them; Ctrl-C stops the app)");
        Thread.sleep(3_000); // three times the connect timeout: still waiting
        assertThat(prepared).isNotDone();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("late-locations", 2, (short) 1),
                    new NewTopic("late-accelerations", 2, (short) 1))).all().get();
        }

        prepared.get(60, TimeUnit.SECONDS);

        assertThat(said.toString()).contains("Created output topics");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("late-joined", "late-car-summaries");
        }
    }

    /** Waiting for its inputs without a limit, the app asks again after a look Kafka was slow or briefly unable to answer. */
    @Test
    void onlyAFailedLookThatAskingAgainMayMendIsAskedAgain() {
        Function<Throwable, KafkaSetupException> failed = cause -> new KafkaSetupException("look", cause);

        assertThat(AppTopics.passing(failed.apply(new TimeoutException()))).isTrue();
        assertThat(AppTopics.passing(failed.apply(new ExecutionException(
                new LeaderNotAvailableException("moving"))))).isTrue();
        assertThat(AppTopics.passing(failed.apply(new ExecutionException(
                new TopicAuthorizationException("no"))))).isFalse();
        assertThat(AppTopics.passing(failed.apply(null))).isFalse();
    }

    @Test
    void anOutputTopicThatRefusesTimestampsAheadOfTheWallClockIsNamedWithTheFix() throws Exception {
        // configure: inputs, an output an admin created with Kafka 4's default (one hour ahead at most), and a
        // changelog an earlier build's Kafka Streams created the same way
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("pre-locations", 2, (short) 1),
                    new NewTopic("pre-accelerations", 2, (short) 1),
                    // (unlimited retention: a finite one by event time has its own note, OutputTopicsTest)
                    new NewTopic("pre-joined", 2, (short) 1).configs(Map.of("message.timestamp.after.max.ms", "3600000",
                            "retention.ms", "-1")),
                    // the same limit where the broker stamps records itself: it never refuses one, so no note
                    new NewTopic("pre-car-summaries", 2, (short) 1).configs(Map.of("message.timestamp.after.max.ms",
                            "3600000", "message.timestamp.type", "LogAppendTime")),
                    new NewTopic("fleetstreams-pre-harsh-braking-state-changelog", 2, (short) 1)
                            .configs(Map.of("message.timestamp.after.max.ms", "3600000")))).all().get();
        }
        StringWriter said = new StringWriter();

        AppTopics.prepare(AppConfig.defaults(broker.bootstrapServers(), Topics.withPrefix("pre")), Duration.ofSeconds(30),
                new PrintWriter(said, true));

        assertThat(said.toString().lines().filter(l -> l.startsWith("note: "))).containsExactly("note: output topic"
                + " pre-joined refuses records stamped more than 3600000 ms ahead of the wall clock"
                + " (message.timestamp.after.max.ms); the app stamps its outputs with event time, and a replay faster"
                + " than real time or a future --epoch would stop it there: kafka-configs.sh --alter --entity-type topics"
                + " --entity-name pre-joined --add-config message.timestamp.after.max.ms=9223372036854775807",
                "note: changelog topic fleetstreams-pre-harsh-braking-state-changelog refuses records stamped more than"
                + " 3600000 ms ahead of the wall clock (message.timestamp.after.max.ms); the app stamps its outputs with"
                + " event time, and a replay faster than real time or a future --epoch would stop it there:"
                + " kafka-configs.sh --alter --entity-type topics --entity-name"
                + " fleetstreams-pre-harsh-braking-state-changelog --add-config"
                + " message.timestamp.after.max.ms=9223372036854775807");
    }

    @Test
    void kafkaStreamsOwnTopicsGetTheTimestampLimitUnderTheNameTheBrokersKnow() throws Exception {
        // configure: inputs on this broker, a Kafka 4, which names the limit message.timestamp.after.max.ms
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("names-locations", 2, (short) 1),
                    new NewTopic("names-accelerations", 2, (short) 1))).all().get();
        }
        AppConfig config = AppConfig.defaults(broker.bootstrapServers(), Topics.withPrefix("names"));
        String unlimited = String.valueOf(Long.MAX_VALUE);

        AppTopics.Prepared prepared = AppTopics.prepare(config, Duration.ofSeconds(30), new PrintWriter(new StringWriter()));

        // verify: read from an input's settings; the outputs and Kafka Streams' topics get it under that name
        assertThat(prepared).isEqualTo(new AppTopics.Prepared(2, List.of("message.timestamp.after.max.ms")));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var joined = new ConfigResource(ConfigResource.Type.TOPIC, "names-joined");
            assertThat(admin.describeConfigs(List.of(joined)).all().get().get(joined)
                    .get("message.timestamp.after.max.ms").value()).isEqualTo(unlimited);
        }
        Properties streams = prepared.applyTo(config).streamsProperties();
        assertThat(streams).containsEntry("topic.message.timestamp.after.max.ms", unlimited)
                .doesNotContainKey("topic.message.timestamp.difference.max.ms")
                .containsEntry(Ingest.INPUT_PARTITIONS, "2");
        // a broker before Kafka 3.6 refuses a topic that names the newer setting: the older one instead
        Properties older = new AppTopics.Prepared(2, List.of("message.timestamp.difference.max.ms"))
                .applyTo(config).streamsProperties();
        assertThat(older).containsEntry("topic.message.timestamp.difference.max.ms", unlimited)
                .doesNotContainKey("topic.message.timestamp.after.max.ms");
        // 3.6 to 3.9 go by the older one while the newer one is at its default: both
        Properties both = new AppTopics.Prepared(2, List.of("message.timestamp.after.max.ms",
                "message.timestamp.difference.max.ms")).applyTo(config).streamsProperties();
        assertThat(both).containsEntry("topic.message.timestamp.difference.max.ms", unlimited)
                .containsEntry("topic.message.timestamp.after.max.ms", unlimited);
    }

    @Test
    void inputsWithDifferentPartitionCountsAreRefused() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("skew-locations", 2, (short) 1),
                    new NewTopic("skew-accelerations", 3, (short) 1))).all().get();
        }

        AppRun run = AppRun.of("--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", "skew");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("different partition counts").doesNotContain("\tat ");
    }

    @Test
    void unreachableKafkaIsAClearErrorWithinTheTimeout() {
        AppRun run = AppRun.of("--bootstrap-servers", "localhost:1", "--connect-timeout", "2");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach Kafka at localhost:1 within 2 s");
    }

    @Test
    void describePrintsTheNamedTopology() {
        AppRun run = AppRun.of("--describe");

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Source: locations-source (topics: [bdd-locations])",
                "Processor: harsh-braking-detector (stores: [harsh-braking-state])",
                "Sink: joined-sink (topic: bdd-joined)", "Sink: dead-letters-sink (topic: bdd-dead-letters)");
        assertThat(run.out()).doesNotContainPattern("KSTREAM-|KTABLE-");
    }

    @Test
    void brakingThresholdsComeFromTheConfigFileAndStayOutOfStreamsSettings() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "braking.enter.g=0.35\nbraking.leave.g=0.3\ncommit.interval.ms=500\n");
        FleetApp app = new FleetApp();
        FleetApp.commandLine(app).parseArgs("--config", file.toString());

        AppConfig config = app.config();

        assertThat(config.braking().enterG()).isEqualTo(0.35);
        assertThat(config.braking().leaveG()).isEqualTo(0.3);
        assertThat(config.streamsProperties()).containsEntry("commit.interval.ms", "500").doesNotContainKey("braking.enter.g");
    }

    /** Kafka trims a setting's value: so does the app, or a trailing blank ran exactly-once without what it needs. */
    @Test
    void aGuaranteeWithATrailingBlankIsExactlyOnceWithEverythingItNeeds() throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "processing.guarantee=exactly_once_v2 \napplication.id=team-a \n");
        FleetApp app = new FleetApp();
        FleetApp.commandLine(app).parseArgs("--config", file.toString(), "--processing-guarantee", "at_least_once");

        AppConfig config = app.config();

        assertThat(config.exactlyOnce()).isTrue();
        assertThat(config.applicationId()).isEqualTo("team-a");
        assertThat(config.streamsProperties()).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
    }

    @Test
    void anUnknownBrakingSettingIsAnError() {
        assertThat(Assertions.catchThrowable(() -> BrakingConfig.from(Map.of("braking.enter", "0.3"))))
                .hasMessageContaining("unknown braking settings: [enter]");
    }

    @Test
    void aFixGapTooShortForAnyTwoFixesToPairIsAnError() {
        assertThat(Assertions.catchThrowable(() -> BrakingConfig.from(Map.of("braking.max.fix.gap.s",
                "0.5")))).hasMessageContaining("braking.max.fix.gap.s (0.5) must be at least 0.8");
        assertThat(BrakingConfig.from(Map.of("braking.max.fix.gap.s", "0.8")).maxFixGapS()).isEqualTo(0.8);
    }

    /**
     * A threshold that is not a number in its range is refused at start, naming the key: NaN compares false with
     * everything (a NaN minimum speed or merge gap switched alerts off without a word), and a negative or infinite
     * merge gap broke the summaries' grace with a stack trace after the options were taken.
     */
    @ParameterizedTest
    @CsvSource({"merge.gap.s,-5", "merge.gap.s,Infinity", "merge.gap.s,1e300", "min.speed.mps,NaN", "merge.gap.s,NaN",
            "enter.g,Infinity", "cone.degrees,NaN", "cone.degrees,181", "min.r2,1.5", "smoothing.s,0", "smoothing.s,-1",
            "gravity.time.constant.s,0", "min.calibration.pairs,3.7", "min.calibration.pairs,0", "max.fix.gap.s,Infinity",
            "gps.only.decel.mps2,-3", "min.duration.s,-0.1"})
    void aBrakingThresholdOutOfItsRangeIsRefusedAtStartNamingIt(String key, String value) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "braking." + key + "=" + value + "\n");

        AppRun run = AppRun.of("--config", file.toString(), "--describe");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("braking." + key + " must be", "was '" + value + "'").doesNotContain("\tat ");
        assertThat(run.out()).doesNotContain("Topologies");
    }

    @Test
    void brakingThresholdsAtTheEdgesOfTheirRangesAreTaken() {
        BrakingConfig c = BrakingConfig.from(Map.of("braking.merge.gap.s", "0", "braking.min.r2", "1",
                "braking.cone.degrees", "180", "braking.min.calibration.pairs", " 1 ", "braking.min.speed.mps", "0"));
        assertThat(c.mergeGapS()).isZero();
        assertThat(c.minR2()).isEqualTo(1);
        assertThat(c.coneDegrees()).isEqualTo(180);
        assertThat(c.minCalibrationPairs()).isEqualTo(1);
        assertThat(c.minSpeedMps()).isZero();
    }
}
