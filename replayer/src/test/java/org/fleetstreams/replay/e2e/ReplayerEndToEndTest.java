package org.fleetstreams.replay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.WallClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replayer against a real Kafka broker (embedded KRaft, in this JVM). */
class ReplayerEndToEndTest {

    private static final Instant EPOCH = Instant.parse("2017-08-28T00:00:00Z");
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
    void replaysTheRealDataSetAtMaxSpeed() throws Exception {
        // configure
        Topics topics = Topics.withPrefix("e2e");
        Run run = replay(config(topics, Double.POSITIVE_INFINITY));

        // verify: the run
        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(run.out).contains("23,990 acknowledged, 0 failed");

        // verify: the topics
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (String topic : topics.inputs()) {
                assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(4);
                var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value())
                        .isEqualTo("-1");
            }
        }

        // verify: every record
        List<ConsumerRecord<String, byte[]>> locations = TopicReader.readAll(broker.bootstrapServers(), topics.locations(), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> accelerations = TopicReader.readAll(broker.bootstrapServers(), topics.accelerations(), Duration.ofSeconds(60));
        assertThat(locations).hasSize((int) TestData.LOCATION_ROWS);
        assertThat(accelerations).hasSize((int) TestData.ACCELERATION_ROWS);
        Map<String, Integer> partitionOfRide = new HashMap<>();
        Set<String> rides = new HashSet<>();
        for (List<ConsumerRecord<String, byte[]>> topic : List.of(locations, accelerations)) {
            for (ConsumerRecord<String, byte[]> r : topic) {
                JsonNode value = Json.mapper().readTree(r.value());
                assertThat(r.key()).isEqualTo(value.get("ride_id").asText());
                assertThat(value.has("event_time")).as("exactly the course's fields").isFalse();
                assertThat(r.headers().lastHeader(FixesBefore.HEADER)).as("no promise at max speed").isNull();
                assertThat(r.timestamp()).isEqualTo(EPOCH.toEpochMilli() + Math.round(value.get("offset").asDouble() * 1000));
                rides.add(r.key());
                Integer first = partitionOfRide.putIfAbsent(r.key(), r.partition());
                assertThat(first == null ? r.partition() : first).as("ride %s stays in one partition", r.key())
                        .isEqualTo(r.partition());
            }
        }
        assertThat(rides).hasSize(TestData.RIDES);
        // Both topics use the same partitioner on the same keys: a ride's GPS and accelerometer records are co-partitioned.
        assertThat(new HashSet<>(partitionOfRide.values())).hasSizeGreaterThan(1);
    }

    /**
     * With --close, every partition of both topics ends with one closing record ten minutes of event time after the
     * data: what moves an event-time reader's clock past its last windows once the replay is over.
     */
    @Test
    void closeEndsEveryPartitionWithAClosingRecordAfterTheData() throws Exception {
        Topics topics = Topics.withPrefix("closed");
        Run run = replay(config(topics, Double.POSITIVE_INFINITY).withClose(true));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(run.err).contains("Closing records sent to every partition");
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();
        for (String topic : topics.inputs()) {
            byTopic.put(topic, TopicReader.readAll(broker.bootstrapServers(), topic, Duration.ofSeconds(60)));
        }
        long lastData = byTopic.values().stream().flatMap(List::stream).filter(r -> !ClosingRecords.isClosing(r.key()))
                .mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        for (String topic : topics.inputs()) {
            List<ConsumerRecord<String, byte[]>> records = byTopic.get(topic);
            Map<Integer, ConsumerRecord<String, byte[]>> lastPerPartition = new HashMap<>();
            records.forEach(r -> lastPerPartition.merge(r.partition(), r, (a, b) -> b.offset() > a.offset() ? b : a));
            assertThat(records.stream().filter(r -> ClosingRecords.isClosing(r.key()))).as(topic).hasSize(4);
            assertThat(lastPerPartition).as(topic).hasSize(4).allSatisfy((partition, last) -> {
                assertThat(last.key()).isEqualTo(ClosingRecords.RIDE_ID);
                assertThat(last.timestamp()).isEqualTo(lastData + 10 * 60_000); // the documented 10 minutes, not the constant
                // the epoch its offset field gives is the data's: an app on the offset clock closes at the same time
                assertThat(last.timestamp() - Math.round(offsetOf(last) * 1000)).isEqualTo(epochOf(records.get(0)));
            });
        }
    }

    private static double offsetOf(ConsumerRecord<String, byte[]> record) {
        try {
            return new ObjectMapper().readTree(record.value()).get("offset").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The epoch of a data record: its timestamp minus its offset. */
    private static long epochOf(ConsumerRecord<String, byte[]> record) {
        assertThat(ClosingRecords.isClosing(record.key())).isFalse();
        return record.timestamp() - Math.round(offsetOf(record) * 1000);
    }

    @Test
    void ctrlCStopsSchedulingAndLosesNothingHandedToTheProducer() throws Exception {
        Topics topics = Topics.withPrefix("stop");
        ReplayConfig config = config(topics, 1.0);
        StringWriter out = new StringWriter();
        ReplayJob job = new ReplayJob(config, new PrintWriter(out), new PrintWriter(new StringWriter()), WallClock.SYSTEM);
        int[] code = {-1};
        Thread runner = new Thread(() -> code[0] = job.run());
        runner.start();

        // stop once it has published something (the first rows are due at once), and a second later
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicSetup written = new TopicSetup(admin, Duration.ofSeconds(15));
            await("the replay's first records").atMost(Duration.ofSeconds(60))
                    .until(() -> written.groupLag("nobody", topics.inputs()) > 0);
        }
        Thread.sleep(1_000);
        long stopAt = System.nanoTime();
        job.requestStop();
        runner.join(30_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt)).as("stopped long before the replay's end").isLessThan(20_000);
        assertThat(code[0]).isEqualTo(ReplayJob.OK);
        assertThat(out.toString()).startsWith("Replay stopped");
        long sent = TopicReader.readAll(broker.bootstrapServers(), topics.locations(), Duration.ofSeconds(60)).size()
                + TopicReader.readAll(broker.bootstrapServers(), topics.accelerations(), Duration.ofSeconds(60)).size();
        assertThat(sent).isPositive().isLessThan(TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS);
        assertThat(out.toString()).contains(String.format("%,d acknowledged, 0 failed", sent));
    }

    @Test
    void unreachableBrokerIsAClearErrorWithinTheTimeout() throws Exception {
        int closedPort = unusedPort();
        ReplayConfig base = config(Topics.withPrefix("x"), Double.POSITIVE_INFINITY);
        ReplayConfig config = base.withBootstrapServers("localhost:" + closedPort).withConnectTimeout(Duration.ofSeconds(3));
        long start = System.nanoTime();

        Run run = replay(config);

        assertThat(run.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).contains("cannot reach Kafka at localhost:" + closedPort + " within 3 s");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("well before the clients' own 60 s").isLessThan(30);
    }

    @Test
    void existingTopicsWithDifferentPartitionCountsAreRefused() throws Exception {
        Topics topics = Topics.withPrefix("mismatch");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topics.locations(), 2, (short) 1),
                    new NewTopic(topics.accelerations(), 3, (short) 1))).all().get();
        }

        Run run = replay(config(topics, Double.POSITIVE_INFINITY));

        assertThat(run.code).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).contains("different partition counts").contains("mismatch-locations=2");
        assertThat(TopicReader.readAll(broker.bootstrapServers(), topics.locations(), Duration.ofSeconds(60))).isEmpty();
    }

    @Test
    void warnsWhenAnExistingTopicsRetentionWouldDeleteTheReplay() throws Exception {
        Topics topics = Topics.withPrefix("retention");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic(topics.locations(), 4, (short) 1).configs(Map.of("retention.ms", "604800000")),
                    new NewTopic(topics.accelerations(), 4, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
        }

        Run run = replay(config(topics, Double.POSITIVE_INFINITY));

        assertThat(run.code).isEqualTo(ReplayJob.OK);
        assertThat(run.err).contains("warning: topic retention-locations deletes records older than retention.ms=604800000 (7 days)");
        assertThat(run.err).doesNotContain("warning: topic retention-accelerations");
    }

    @Test
    void embeddedBrokerOptionStartsARealBrokerAndDeliversEverything() throws Exception {
        int port = unusedPort();
        ReplayConfig base = config(Topics.withPrefix("emb"), Double.POSITIVE_INFINITY);
        ReplayConfig config = base.withBootstrapServers("unused:1").withFleet(2).withEmbeddedBroker(port);

        Run run = replay(config);

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(run.err).contains("Embedded Kafka broker running on localhost:" + port);
        assertThat(run.out).contains("47,980 acknowledged, 0 failed").contains("70 (35 in the data x fleet 2)");
    }

    /** {@code --replication-factor -1}: the topics get the cluster's default.replication.factor, as the app's outputs. */
    @Test
    void replicationMinusOneIsTheClustersDefault() throws Exception {
        Topics topics = Topics.withPrefix("default-rf");
        Run run = replay(config(topics, Double.POSITIVE_INFINITY).withTopicLayout(2, (short) -1));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var described = admin.describeTopics(topics.inputs()).allTopicNames().get();
            assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(2)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1))); // the single-node broker's default
        }
    }

    /**
     * That -1 is passed on, not replaced by 1: on a one-node broker whose default.replication.factor is 2 the topics
     * cannot be made, a clear error naming the replication; a fixed 1 would have made them, unreplicated.
     */
    @Test
    void replicationMinusOneAsksForTheClustersDefaultNotForOne() {
        try (EmbeddedKafkaBroker twoByDefault = EmbeddedKafkaBroker.builder().config("default.replication.factor", 2)
                .start()) {
            Topics topics = Topics.withPrefix("default-rf-2");
            Run run = replay(ReplayConfig.defaults(TestData.bdd(), twoByDefault.bootstrapServers(), topics)
                    .withSpeed(Double.POSITIVE_INFINITY).withEpoch(EPOCH).withProgressInterval(Duration.ZERO)
                    .withTopicLayout(2, (short) -1));

            assertThat(run.code).as(run.err).isNotEqualTo(ReplayJob.OK);
            assertThat(run.err).containsIgnoringCase("replicat");
            assertThat(run.out).doesNotContain("acknowledged");
        }
    }

    private static ReplayConfig config(Topics topics, double speed) {
        return ReplayConfig.defaults(TestData.bdd(), broker.bootstrapServers(), topics).withSpeed(speed).withEpoch(EPOCH)
                .withProgressInterval(Duration.ZERO);
    }

    /** A port nothing listens on (bound and released; a race with another process is possible but harmless here). */
    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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
