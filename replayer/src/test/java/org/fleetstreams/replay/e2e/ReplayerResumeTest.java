package org.fleetstreams.replay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.ReplayerCli;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.WallClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume} against a real broker: a replay SIGKILLed part way, twice, and resumed holds exactly what an
 * uninterrupted replay holds, partition by partition, in the same order; a topic holding another replay is refused.
 */
class ReplayerResumeTest {

    private static final Instant EPOCH = Instant.parse("2017-08-28T00:00:00Z");
    private static final long DATA_RECORDS = TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @Timeout(300)
    void aReplayKilledTwiceAndResumedHoldsEveryRecordOnceInOrder() throws Exception {
        // configure: the reference, an uninterrupted replay
        Topics whole = Topics.withPrefix("whole");
        assertThat(replay(config(whole)).code).isEqualTo(ReplayJob.OK);
        Topics resumed = Topics.withPrefix("resumed");

        // a paced replay in a process of its own, SIGKILLed a third of the way in
        killOnceHolding(replayerProcess(resumed, false, "first"), resumed, DATA_RECORDS / 3);
        sendForeignRecord(resumed.locations());
        // resumed, and SIGKILLed again two thirds of the way in
        killOnceHolding(replayerProcess(resumed, true, "second"), resumed, 2 * DATA_RECORDS / 3);
        // resumed to the end
        Run last = replay(config(resumed).withSpeed(10).withResume(true));

        // verify: the last run resumed, the foreign record was left alone, and every partition equals the reference's
        assertThat(last.code).as(last.err).isEqualTo(ReplayJob.OK);
        assertThat(last.err).containsPattern("Resuming: the topics hold [0-9,]+ records of this replay \\(and 1 of others");
        assertThat(partitions(resumed)).isEqualTo(partitions(whole));

        // verify: resuming a finished replay sends nothing
        Run again = replay(config(resumed).withResume(true));
        assertThat(again.err).contains(String.format("the topics hold %,d records of this replay", DATA_RECORDS));
        assertThat(again.out).contains("0 acknowledged, 0 failed");
        assertThat(heldRecords(resumed)).isEqualTo(DATA_RECORDS + 1);
    }

    @Test
    void topicsHoldingAnotherReplayAreRefusedAndNothingIsSent() throws Exception {
        Topics topics = Topics.withPrefix("other-epoch");
        assertThat(replay(config(topics).withPasses(1)).code).isEqualTo(ReplayJob.OK);

        Run run = replay(config(topics).withEpoch(EPOCH.plusSeconds(3600)).withResume(true));

        assertThat(run.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err.lines().filter(l -> l.startsWith("error: ")).toList()).singleElement().asString()
                .startsWith("error: cannot resume: other-epoch-").contains("this replay's record 1 there is ride")
                .contains("2017-08-28T01:");
        assertThat(heldRecords(topics)).isEqualTo(DATA_RECORDS);
    }

    @Test
    void topicsHoldingMoreThanTheReplayPublishesAreRefused() throws Exception {
        Topics topics = Topics.withPrefix("two-passes");
        assertThat(replay(config(topics).withPasses(2)).code).isEqualTo(ReplayJob.OK);

        Run run = replay(config(topics).withPasses(1).withResume(true));

        assertThat(run.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).containsPattern("error: cannot resume: two-passes-[a-z]+-\\d holds [0-9,]+ records of this"
                + " replay's rides, more than the [0-9,]+ it publishes there");
        assertThat(heldRecords(topics)).isEqualTo(2 * DATA_RECORDS);
    }

    /** An input deleted since (and created again, empty, by the topic setup) would be sent whole behind the other. */
    @Test
    void anInputDeletedSinceIsRefused() throws Exception {
        Topics topics = Topics.withPrefix("deleted");
        assertThat(replay(config(topics).withPasses(1)).code).isEqualTo(ReplayJob.OK);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.deleteTopics(List.of(topics.accelerations())).all().get(30, TimeUnit.SECONDS);
            await("the topic deleted").atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topics.accelerations()));
        }

        Run run = replay(config(topics).withPasses(1).withResume(true));

        assertThat(run.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).containsPattern("error: cannot resume: deleted-accelerations holds nothing of this replay,"
                + " but deleted-locations-\\d holds its record at");
        assertThat(heldRecords(topics)).as("nothing sent").isEqualTo(TestData.LOCATION_ROWS);
    }

    /**
     * A GPS-only data set leaves its accelerations topic empty, as it should: resuming its finished replay is no
     * deleted input, and sends nothing.
     */
    @Test
    void aGpsOnlyReplayResumesWithItsOtherTopicEmpty(@TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("locations"), TestData.bdd().resolve("locations").toAbsolutePath());
        Topics topics = Topics.withPrefix("gps-only");
        ReplayConfig gpsOnly = ReplayConfig.defaults(dir, broker.bootstrapServers(), topics)
                .withSpeed(Double.POSITIVE_INFINITY).withEpoch(EPOCH).withProgressInterval(Duration.ZERO).withPasses(1);
        assertThat(replay(gpsOnly).code).isEqualTo(ReplayJob.OK);

        Run run = replay(gpsOnly.withResume(true));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(run.err).contains("Resuming: the topics hold " + String.format("%,d", TestData.LOCATION_ROWS));
        assertThat(heldRecords(topics)).isEqualTo(TestData.LOCATION_ROWS);
    }

    /** Waits until the topics hold {@code records}, then SIGKILLs the replayer (which must still be running). */
    private static void killOnceHolding(Process replayer, Topics topics, long records) throws Exception {
        await(records + " records in the topics").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .failFast("the replayer exited before", () -> !replayer.isAlive() && heldRecords(topics) < records)
                .until(() -> heldRecords(topics) >= records);
        replayer.destroyForcibly();
        assertThat(replayer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(heldRecords(topics)).as("killed part way").isLessThan(DATA_RECORDS);
    }

    /**
     * The replayer's own main at 5x (a third of the data in 8 s: room for a loaded machine's slow polls before the
     * replay ends unkilled), in a JVM of its own, so that a kill is a real SIGKILL.
     */
    private static Process replayerProcess(Topics topics, boolean resume, String name) throws Exception {
        Path log = Path.of("target", "resume-test-" + name + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ReplayerCli.class.getName(),
                "--bootstrap-servers", broker.bootstrapServers(), "--data", TestData.bdd().toString(),
                "--topic-prefix", topics.prefix(), "--speed", "5", "--epoch", EPOCH.toString(),
                "--progress-interval", "0", "--log-file", log.resolveSibling("resume-test-" + name + "-kafka.log").toString()));
        if (resume) {
            command.add("--resume");
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A record of someone else between the replay's: not JSON, its own key. */
    private static void sendForeignRecord(String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "not-a-ride", "not json".getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** Each partition of both topics (named without the prefix) as its records' keys, timestamps and values. */
    private static Map<String, List<String>> partitions(Topics topics) {
        Map<String, List<String>> content = new TreeMap<>();
        for (String topic : topics.inputs()) {
            for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(broker.bootstrapServers(), topic, Duration.ofSeconds(60))) {
                if (!r.key().equals("not-a-ride")) {
                    content.computeIfAbsent(topic.substring(topics.prefix().length()) + "-" + r.partition(),
                            k -> new ArrayList<>()).add(r.key() + " " + r.timestamp() + " "
                            + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return content;
    }

    private static long heldRecords(Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics.inputs()) {
                if (!admin.listTopics().names().get().contains(topic)) {
                    return 0;
                }
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    private static ReplayConfig config(Topics topics) {
        return ReplayConfig.defaults(TestData.bdd(), broker.bootstrapServers(), topics)
                .withSpeed(Double.POSITIVE_INFINITY).withEpoch(EPOCH).withProgressInterval(Duration.ZERO);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run replay(ReplayConfig config) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ReplayJob(config, new PrintWriter(out), new PrintWriter(err), WallClock.SYSTEM).run();
        return new Run(code, out.toString(), err.toString());
    }
}
