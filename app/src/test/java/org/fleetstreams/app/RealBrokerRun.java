package org.fleetstreams.app;

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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;

/**
 * The steps the real-broker tests share: replay the real data (epoch {@link TopologyFixture#EPOCH}), close every
 * window, read the outputs once they settle, and compute what the TopologyTestDriver makes of the same input.
 */
public final class RealBrokerRun {

    /** Ride id of the closing records: one per partition of both inputs, 10 minutes after the data. */
    static final String END = ClosingRecords.RIDE_ID;

    /** An app's outputs as JSON text (the closing ride left out), and its dead letters. */
    record Outputs(List<String> joined, List<String> summaries, List<String> alerts, int deadLetters) {
    }

    private static Outputs driverOutputs;

    private RealBrokerRun() {
    }

    static AppConfig config(String bootstrap, Topics topics, String applicationId, Path stateDir) {
        return AppConfig.defaults(bootstrap, topics).withApplicationId(applicationId).withStateDir(stateDir);
    }

    /** The real data through the replayer, into 4-partition topics it creates; returns its exit code. */
    static int replay(String bootstrap, Topics topics, double speed) {
        return replay(bootstrap, topics, TestData.bdd(), speed, TopologyFixture.EPOCH);
    }

    /** A data set through the replayer at {@code speed} with event time {@code epoch} + offset; returns its exit code. */
    static int replay(String bootstrap, Topics topics, Path data, double speed, long epoch) {
        StringWriter err = new StringWriter();
        int code = new ReplayJob(ReplayConfig.defaults(data, bootstrap, topics).withSpeed(speed)
                .withEpoch(Instant.ofEpochMilli(epoch)).withProgressInterval(Duration.ZERO)
                .withConnectTimeout(Duration.ofSeconds(30)), new PrintWriter(new StringWriter()), new PrintWriter(err),
                WallClock.SYSTEM).run();
        if (code != ReplayJob.OK) {
            throw new AssertionError("replay failed with " + code + ": " + err);
        }
        return code;
    }

    /** Both inputs and all outputs, 4 partitions each, the replay-friendly topic config. */
    public static void createTopics(String bootstrap, Topics topics) {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        try (var admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
            setup.ensure(topics.inputs(), 4, (short) 1, TopicSetup.defaultTopicConfig());
            setup.ensure(topics.outputs(), 4, (short) 1, TopicSetup.defaultTopicConfig());
        }
    }

    /** Closes every window and lets every task finish: {@link ClosingRecords}, 10 minutes after the data. */
    static void closeAllWindows(String bootstrap, Topics topics) {
        ClosingRecords.send(bootstrap, topics, endTime());
    }

    private static long endTime() {
        List<SensorReading> readings = RealDataTopologyTest.replayedReadings();
        return readings.get(readings.size() - 1).eventTime() + 600_000;
    }

    /**
     * The outputs once the app's consumer group has committed every input record (closing records included). Under
     * exactly-once, the outputs of those records were committed in the same transactions.
     */
    static Outputs awaitOutputs(String bootstrap, Topics topics, String applicationId) throws InterruptedException {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        long lag = -1;
        try (var admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
            while (System.nanoTime() < deadline && (lag = setup.groupLag(applicationId, topics.inputs())) > 0) {
                Thread.sleep(500);
            }
        }
        if (lag != 0) {
            throw new AssertionError(applicationId + " still had " + lag + " input records to commit after 300 s");
        }
        List<String> joined = withoutEnd(readAll(bootstrap, topics.joined()).stream().map(r -> json(r.value())).toList());
        List<String> summaries = withoutEnd(readAll(bootstrap, topics.carSummaries()).stream().map(r -> json(r.value())).toList());
        List<String> alerts = readAll(bootstrap, topics.harshBraking()).stream().map(r -> json(r.value())).toList();
        int dead = readAll(bootstrap, topics.deadLetters()).size();
        return new Outputs(joined, summaries, alerts, dead);
    }

    /** What the TopologyTestDriver makes of the same input (computed once per test JVM). */
    static synchronized Outputs driverOutputs(Path stateDir) {
        if (driverOutputs != null) {
            return driverOutputs;
        }
        List<String> joined = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        try (TopologyFixture driver = new TopologyFixture(TopologyFixture.config(stateDir).withOverrides(
                Map.of("application.id", "e2e-driver")))) {
            for (SensorReading r : RealDataTopologyTest.replayedReadings()) {
                if (r instanceof LocationFix f) {
                    driver.pipe(f);
                } else {
                    driver.pipe((AccelerationSample) r);
                }
            }
            driver.advanceBothInputsTo(endTime());
            driver.joined.readValuesToList().forEach(v -> joined.add(json(FleetSerdes.joinedReading().toBytes(v))));
            driver.summaries.readValuesToList().stream().filter(s -> !s.rideId().equals(END))
                    .forEach(v -> summaries.add(json(FleetSerdes.carSummary().toBytes(v))));
            driver.driver.createOutputTopic(TopologyFixture.config(stateDir).topics().harshBraking(),
                    new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList().forEach(v -> alerts.add(json(v)));
        }
        driverOutputs = new Outputs(withoutEnd(joined), summaries, alerts, 0);
        return driverOutputs;
    }

    private static List<String> withoutEnd(List<String> values) {
        return values.stream().filter(v -> !v.contains("\"" + END)).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(60));
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
