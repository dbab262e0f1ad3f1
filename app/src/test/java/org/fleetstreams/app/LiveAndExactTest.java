package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10 on the real broker: the app beside a live replay is exact, and an app started after a finished replay does
 * not stall on its quiet partitions.
 */
class LiveAndExactTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");

    @TempDir
    Path state;

    @ParameterizedTest(name = "replay at {0}x")
    @ValueSource(doubles = {10, 20})
    void theAppBesideALiveReplayCountsEverySampleOnceInEachOfItsWindows(double speed) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure + create topics
            String bootstrap = broker.bootstrapServers();
            Topics topics = Topics.withPrefix("live");
            AppConfig config = RealBrokerRun.config(bootstrap, topics, "live-app", state.resolve("app"));
            RealBrokerRun.createTopics(bootstrap, topics);
            long epoch = System.currentTimeMillis() / 1000 * 1000;

            // pipe input: the app running, the replayer publishing in simulated time beside it
            RealBrokerRun.Outputs out;
            try (KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties())) {
                streams.start();
                awaitRunning(streams);
                RealBrokerRun.replay(bootstrap, topics, SAMPLE, speed, epoch);
                ClosingRecords.sendWhenCaughtUp(bootstrap, topics, config.applicationId(), epoch + 3_600_000,
                        Duration.ofSeconds(120));
                out = RealBrokerRun.awaitOutputs(bootstrap, topics, config.applicationId());
                streams.close(Duration.ofSeconds(30));
            }

            // verify against the data itself
            List<SensorReading> readings = RealDataTopologyTest.replayedReadings(SAMPLE, epoch);
            Map<String, long[]> samplesPerRide = new HashMap<>(); // windows at multiples of 30 s, the others
            Map<String, Integer> windows = new HashMap<>();
            for (String json : out.summaries()) {
                CarSummary s = FleetSerdes.carSummary().fromBytes(json.getBytes(StandardCharsets.UTF_8));
                assertThat(windows.merge(s.rideId() + "@" + s.windowStart(), 1, Integer::sum)).as("one final per window")
                        .isEqualTo(1);
                samplesPerRide.computeIfAbsent(s.rideId(), r -> new long[2])[s.windowStart() % 30_000 == 0 ? 0 : 1] +=
                        s.accelSamples();
            }
            assertThat(samplesPerRide).hasSize(20).allSatisfy((ride, counts) ->
                    assertThat(counts).as(ride + ": every sample in both of its windows").containsExactly(6_000, 6_000));
            assertThat((long) out.joined().size()).isEqualTo(pairs(readings));
            assertThat(out.deadLetters()).as("nothing late, nothing invalid").isZero();
        }
    }

    @Test
    void anAppStartedAfterAFinishedReplayWritesEveryPairAndDeadLetterWithinTenSeconds() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure + create topics + pipe input: the real data, then nine bad records; no closing records
            String bootstrap = broker.bootstrapServers();
            Topics topics = Topics.withPrefix("quiet");
            AppConfig config = RealBrokerRun.config(bootstrap, topics, "quiet-app", state.resolve("app"));
            RealBrokerRun.createTopics(bootstrap, topics);
            RealBrokerRun.replay(bootstrap, topics, Double.POSITIVE_INFINITY);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 9; i++) {
                    String topic = i % 2 == 0 ? topics.locations() : topics.accelerations();
                    producer.send(new ProducerRecord<>(topic, i % 4, "bad-" + i, ("{not json " + i).getBytes())).get();
                }
            }

            // run the app; the clock starts at RUNNING
            long runningAt;
            long doneAt;
            try (KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties());
                 var admin = KafkaConnection.connect(adminClient(bootstrap), Duration.ofSeconds(15))) {
                streams.start();
                awaitRunning(streams);
                runningAt = System.nanoTime();
                TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(15));
                while (setup.groupLag(config.applicationId(), topics.inputs()) > 0
                        && System.nanoTime() - runningAt < Duration.ofSeconds(90).toNanos()) {
                    Thread.sleep(100);
                }
                // every input record committed; the last ones of the faster input go on after 5 s of quiet
                Thread.sleep(6_000);
                doneAt = System.nanoTime();
                streams.close(Duration.ofSeconds(30));
            }

            // verify: everything written within 10 s of RUNNING (committed, plus 6 s for what waited for the quiet
            // input); with max.task.idle.ms 60 s it took a minute
            RealBrokerRun.Outputs out = RealBrokerRun.awaitOutputs(bootstrap, topics, config.applicationId());
            assertThat(out.joined()).hasSize(28_601);
            assertThat(out.deadLetters()).isEqualTo(9);
            assertThat(Duration.ofNanos(doneAt - runningAt)).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static long pairs(List<SensorReading> readings) {
        Map<String, List<Long>> fixes = new HashMap<>();
        for (SensorReading r : readings) {
            if (r instanceof LocationFix f) {
                fixes.computeIfAbsent(f.rideId(), k -> new java.util.ArrayList<>()).add(f.eventTime());
            }
        }
        long pairs = 0;
        for (SensorReading r : readings) {
            if (r instanceof AccelerationSample a) {
                for (long f : fixes.getOrDefault(a.rideId(), List.of())) {
                    if (Math.abs(f - a.eventTime()) <= 2_000) {
                        pairs++;
                    }
                }
            }
        }
        return pairs;
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static Properties adminClient(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }
}
