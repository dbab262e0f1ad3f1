package org.fleetstreams.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;
import org.fleetstreams.reliability.Settled;

/**
 * The steps the real-broker tests share, on a {@link LocalPipeline}: replay the real data (epoch
 * {@link TopologyFixture#EPOCH}), close every window, read the outputs once they settle, and compute what the
 * TopologyTestDriver makes of the same input.
 */
public final class RealBrokerRun {

    /** An app's outputs as JSON text (the closing ride left out), and its dead letters. */
    record Outputs(List<String> joined, List<String> summaries, List<String> alerts, int deadLetters) {
    }

    private static Outputs driverOutputs;

    private RealBrokerRun() {
    }

    /** A fresh embedded broker, both inputs and all outputs with 4 partitions each, the app as {@code applicationId}. */
    static LocalPipeline pipeline(String prefix, String applicationId, Path stateDir) {
        return LocalPipeline.builder().topics(Topics.withPrefix(prefix))
                .app(c -> c.withApplicationId(applicationId).withStateDir(stateDir)).start();
    }

    /** The real data at {@code speed}, event time from {@link TopologyFixture#EPOCH}. */
    static Replay realData(double speed) {
        return data(TestData.bdd(), speed, TopologyFixture.EPOCH);
    }

    /** A data set at {@code speed} with event time {@code epoch} + offset. */
    static Replay data(Path data, double speed, long epoch) {
        return Replay.of(data).atSpeed(speed).withEpoch(Instant.ofEpochMilli(epoch));
    }

    /** Closes every window and lets every task finish: {@link ClosingRecords}, 10 minutes after the real data. */
    static void closeAllWindows(LocalPipeline pipeline) {
        pipeline.closeWindows(endTime());
    }

    private static long endTime() {
        return TopologyFixture.EPOCH + lastOffsetMillis() + ClosingRecords.LEAD.toMillis();
    }

    /** The real data's last reading, in milliseconds after its epoch. */
    static long lastOffsetMillis() {
        List<SensorReading> readings = RealDataTopologyTest.replayedReadings();
        return readings.get(readings.size() - 1).eventTime() - TopologyFixture.EPOCH;
    }

    /**
     * The outputs once the app's consumer group has committed every input record (closing records included). Under
     * exactly-once, the outputs of those records were committed in the same transactions.
     */
    static Outputs awaitOutputs(LocalPipeline pipeline) throws InterruptedException {
        String applicationId = pipeline.appConfig().applicationId();
        String bootstrap = pipeline.bootstrapServers();
        Topics topics = pipeline.topics();
        // Every input committed is not enough after a SIGKILL: the killed instance's open transaction holds the last
        // stable offset of its output partitions back until the broker aborts it (transaction timeout), and a
        // read_committed read stops there, short of what the survivor has written since.
        Settled.await(bootstrap, applicationId, topics, Duration.ofSeconds(300));
        List<String> joined = withoutClosing(readAll(bootstrap, topics.joined()), v -> FleetSerdes.joinedReading().fromBytes(v).rideId());
        List<String> summaries = withoutClosing(readAll(bootstrap, topics.carSummaries()), v -> FleetSerdes.carSummary().fromBytes(v).rideId());
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
            driver.joined.readValuesToList().stream().filter(j -> !ClosingRecords.isClosing(j.rideId()))
                    .forEach(v -> joined.add(json(FleetSerdes.joinedReading().toBytes(v))));
            driver.summaries.readValuesToList().stream().filter(s -> !ClosingRecords.isClosing(s.rideId()))
                    .forEach(v -> summaries.add(json(FleetSerdes.carSummary().toBytes(v))));
            driver.driver.createOutputTopic(TopologyFixture.config(stateDir).topics().harshBraking(),
                    new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList().forEach(v -> alerts.add(json(v)));
        }
        driverOutputs = new Outputs(joined, summaries, alerts, 0);
        return driverOutputs;
    }

    private static List<String> withoutClosing(List<ConsumerRecord<String, byte[]>> records, Function<byte[], String> rideId) {
        return records.stream().filter(r -> !ClosingRecords.isClosing(rideId.apply(r.value()))).map(r -> json(r.value())).toList();
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(60));
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
