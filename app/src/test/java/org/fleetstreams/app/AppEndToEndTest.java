package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;
import org.fleetstreams.replay.schedule.ClockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real path: the replayer publishes the real data into a real broker, the app runs with exactly-once, and every
 * output topic holds the same records as the TopologyTestDriver run of the same input (order-insensitive: four
 * partitions interleave).
 */
class AppEndToEndTest {

    private static final String END = "end-of-test";

    @TempDir
    Path state;

    @Test
    void realBrokerOutputsEqualTheTestDriversOutputs() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure
            Topics topics = Topics.withPrefix("e2e");
            AppConfig config = TopologyFixture.config(state.resolve("app"));
            config = new AppConfig(broker.bootstrapServers(), topics, "e2e-app", state.resolve("app"), 1,
                    config.joinTimeDifference(), config.joinGrace(), config.summarySize(), config.summaryAdvance(),
                    config.summaryGrace(), config.summaryEmit(), config.processingGuarantee(), Map.of(), config.braking());

            // create topics + pipe input: the replayer, at max speed, with the driver test's epoch
            StringWriter err = new StringWriter();
            int code = new ReplayJob(new ReplayJob.Config(RealDataTopologyTest.bdd(), broker.bootstrapServers(), topics,
                    Double.POSITIVE_INFINITY, ClockMode.OFFSET, Instant.ofEpochMilli(TopologyFixture.EPOCH), 1, 10_000, 1, 4,
                    (short) 1, Map.of(), null, null, false, Duration.ZERO, Duration.ofSeconds(30)),
                    new PrintWriter(new StringWriter()), new PrintWriter(err), WallClock.SYSTEM).run();
            assertThat(code).as(err.toString()).isZero();
            List<SensorReading> readings = RealDataTopologyTest.replayedReadings();
            long end = readings.get(readings.size() - 1).eventTime() + 600_000;
            closeAllWindows(broker.bootstrapServers(), topics, end);
            createOutputs(broker.bootstrapServers(), topics);

            // run the app until its outputs stop growing
            KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties());
            streams.start();
            List<String> joined;
            List<String> summaries;
            List<ConsumerRecord<String, byte[]>> dead;
            List<String> alerts;
            try {
                joined = awaitStable(broker.bootstrapServers(), topics.joined());
                summaries = awaitStable(broker.bootstrapServers(), topics.carSummaries());
                dead = readAll(broker.bootstrapServers(), topics.deadLetters());
                alerts = readAll(broker.bootstrapServers(), topics.harshBraking()).stream().map(r -> json(r.value())).toList();
            } finally {
                streams.close(Duration.ofSeconds(30));
            }

            // verify against the driver
            List<String> driverJoined = new ArrayList<>();
            List<String> driverSummaries = new ArrayList<>();
            List<String> driverAlerts = new ArrayList<>();
            try (TopologyFixture driver = new TopologyFixture(TopologyFixture.config(state.resolve("driver")).withOverrides(
                    Map.of("application.id", "e2e-driver")))) {
                readings.forEach(r -> {
                    if (r instanceof org.fleetstreams.common.LocationFix f) {
                        driver.pipe(f);
                    } else {
                        driver.pipe((org.fleetstreams.common.AccelerationSample) r);
                    }
                });
                driver.pipe(TopologyFixture.sample(END, end, 0, 0, 1));
                driver.joined.readValuesToList().forEach(v -> driverJoined.add(json(FleetSerdes.joinedReading().toBytes(v))));
                driver.summaries.readValuesToList().stream().filter(s -> !s.rideId().equals(END))
                        .forEach(v -> driverSummaries.add(json(FleetSerdes.carSummary().toBytes(v))));
                driver.driver.createOutputTopic(TopologyFixture.config(state).topics().harshBraking(), new StringDeserializer(),
                        new ByteArrayDeserializer()).readValuesToList().forEach(v -> driverAlerts.add(json(v)));
            }
            List<String> realJoined = joined.stream().filter(j -> !j.contains("\"" + END)).toList();
            List<String> realSummaries = summaries.stream().filter(s -> !s.contains("\"" + END)).toList();
            assertThat(realJoined).hasSize(28_601).containsExactlyInAnyOrderElementsOf(driverJoined);
            assertThat(realSummaries).hasSize(152).containsExactlyInAnyOrderElementsOf(driverSummaries);
            assertThat(alerts).isNotEmpty().containsExactlyInAnyOrderElementsOf(driverAlerts);
            assertThat(dead).isEmpty();
        }
    }

    /** Stream time is per partition: one late record on every partition of both inputs closes every window. */
    private static void closeAllWindows(String bootstrap, Topics topics, long eventTime) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int p = 0; p < 4; p++) {
                var fix = TopologyFixture.fix(END, eventTime, 40.7, -73.9, 0);
                var sample = TopologyFixture.sample(END, eventTime, 0, 0, 1);
                producer.send(new ProducerRecord<>(topics.locations(), p, eventTime, END, FleetSerdes.locationFix().toBytes(fix))).get();
                producer.send(new ProducerRecord<>(topics.accelerations(), p, eventTime, END,
                        FleetSerdes.accelerationSample().toBytes(sample))).get();
            }
        }
    }

    private static void createOutputs(String bootstrap, Topics topics) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        try (var admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            new TopicSetup(admin, Duration.ofSeconds(30)).ensure(topics.outputs(), 4, (short) 1,
                    TopicSetup.defaultTopicConfig());
        }
    }

    /** The topic's values as JSON text once two reads 3 s apart see the same count (and at least one record). */
    private static List<String> awaitStable(String bootstrap, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<String, byte[]>> records = readAll(bootstrap, topic);
            if (!records.isEmpty() && records.size() == last) {
                return records.stream().map(r -> json(r.value())).toList();
            }
            last = records.size();
            Thread.sleep(3_000);
        }
        throw new AssertionError(topic + " did not settle within 180 s (last count " + last + ")");
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(60));
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
