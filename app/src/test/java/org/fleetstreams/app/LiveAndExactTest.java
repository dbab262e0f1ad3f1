package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.pipeline.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10 on the real broker: the app beside a live replay is exact, and an app started after a finished replay does
 * not stall on its quiet partitions.
 */
class LiveAndExactTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");

    @TempDir
    Path state;

    /**
     * At 10x and 20x with closing records sent once the app has caught up (the demo); at 10x also with closing records
     * sent the moment the replay ends, while the app may still be reading its last records ({@code replayer.jar
     * --close}): the merge orders them after everything they follow, so nothing becomes late.
     */
    @ParameterizedTest(name = "replay at {0}x, closing records {1}")
    @CsvSource({"10, when caught up", "20, when caught up", "10, at once"})
    void theAppBesideALiveReplayCountsEverySampleOnceInEachOfItsWindows(double speed, String closing) throws Exception {
        // configure + create topics
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("live", "live-app", state.resolve("app"))) {
            long epoch = System.currentTimeMillis() / 1000 * 1000;

            // pipe input: the app running, the replayer publishing in simulated time beside it
            RealBrokerRun.Outputs out;
            try (StreamsRunner app = pipeline.startApp()) {
                awaitRunning(app);
                pipeline.replay(RealBrokerRun.data(SAMPLE, speed, epoch));
                if (closing.equals("at once")) {
                    pipeline.closeWindows(epoch + 3_600_000);
                } else {
                    pipeline.closeWindowsWhenCaughtUp(epoch + 3_600_000, Duration.ofSeconds(120));
                }
                out = RealBrokerRun.awaitOutputs(pipeline);
                // the replayer's promises (its default in a paced replay) were in play and none was broken: no fix
                // came after samples it had vouched for had gone on
                List<Double> broken = app.streams().metrics().entrySet().stream()
                        .filter(e -> e.getKey().name().equals("fix-promise-broken-total"))
                        .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).toList();
                assertThat(broken).as("fix-promise-broken-total per stream thread").isNotEmpty().containsOnly(0.0);
                // and the merge let no fix go behind a sample of its time or later: the order the detector relies on
                List<Double> behind = app.streams().metrics().entrySet().stream()
                        .filter(e -> e.getKey().name().equals("fix-behind-samples-total"))
                        .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).toList();
                assertThat(behind).as("fix-behind-samples-total per stream thread").isNotEmpty().containsOnly(0.0);
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
        // configure + create topics + pipe input: the real data, then nine bad records; no closing records
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("quiet", "quiet-app", state.resolve("app"))) {
            Topics topics = pipeline.topics();
            pipeline.replay(RealBrokerRun.realData(Double.POSITIVE_INFINITY));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", pipeline.bootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 9; i++) {
                    String topic = i % 2 == 0 ? topics.locations() : topics.accelerations();
                    producer.send(new ProducerRecord<>(topic, i % 4, "bad-" + i, ("{not json " + i).getBytes())).get();
                }
            }

            // run the app; the clock starts at RUNNING, and stops when a read_committed reader has every pair and
            // every dead letter (polled while the app runs: what is late must be written late, not just eventually)
            long runningAt;
            long completeAt = -1;
            try (StreamsRunner app = pipeline.startApp();
                 KafkaConsumer<byte[], byte[]> reader = committedReader(pipeline.bootstrapServers())) {
                awaitRunning(app);
                runningAt = System.nanoTime();
                List<TopicPartition> outputs = new ArrayList<>();
                for (String topic : List.of(topics.joined(), topics.deadLetters())) {
                    reader.partitionsFor(topic).forEach(p -> outputs.add(new TopicPartition(topic, p.partition())));
                }
                reader.assign(outputs);
                reader.seekToBeginning(outputs);
                long joined = 0;
                long dead = 0;
                long deadline = runningAt + Duration.ofSeconds(90).toNanos();
                while (System.nanoTime() < deadline) {
                    for (var r : reader.poll(Duration.ofMillis(100))) {
                        if (r.topic().equals(topics.joined())) {
                            joined++;
                        } else {
                            dead++;
                        }
                    }
                    if (joined >= 28_601 && dead >= 9) {
                        completeAt = System.nanoTime();
                        break;
                    }
                }
                assertThat(completeAt).as("every pair and dead letter read while the app ran (%d pairs, %d dead letters)",
                        joined, dead).isPositive();
            }

            // verify: exactly those, and within 10 s of RUNNING (the issue's bound: the input committed, plus 2 s for
            // what waited for the stopped input); with max.task.idle.ms 60 s it took a minute
            RealBrokerRun.Outputs out = RealBrokerRun.awaitOutputs(pipeline);
            assertThat(out.joined()).hasSize(28_601);
            assertThat(out.deadLetters()).isEqualTo(9);
            assertThat(Duration.ofNanos(completeAt - runningAt)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /**
     * A GPS-only fleet (the real data's locations, no accelerations folder) published at once, no closing records:
     * once the input has been quiet for the tolerated skew, each partition's clock leaves the empty accelerometer input
     * and trails its GPS by that skew, and every window that clock has passed is final, once, with no samples. The
     * expected windows are computed from the input topic (which partition each ride is in, its fixes' times) and the
     * rule alone. Before, no summary was ever written.
     */
    @Test
    void aGpsOnlyFleetPublishedAtOnceGetsItsFinalWindowsWithoutClosingRecords() throws Exception {
        // configure: a data set of the real data's locations only
        Path gpsOnly = Files.createDirectories(state.resolve("gps-only"));
        Files.createSymbolicLink(gpsOnly.resolve("locations"), TestData.bdd().resolve("locations").toAbsolutePath());
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("gpsonly", "gpsonly-app", state.resolve("app"))) {
            Topics topics = pipeline.topics();
            pipeline.replay(RealBrokerRun.data(gpsOnly, Double.POSITIVE_INFINITY, TopologyFixture.EPOCH));

            // the rule, on what the topic holds
            var time = pipeline.appConfig().time();
            long skew = time.toleratedSkew().toMillis();
            long grace = time.summaryGrace(pipeline.appConfig().braking().maxEmitDelay()).toMillis();
            long size = time.windowSize().toMillis();
            long advance = time.windowAdvance().toMillis();
            Map<Integer, Long> newest = new HashMap<>();
            List<ConsumerRecord<String, byte[]>> fixes =
                    TopicReader.readAll(pipeline.bootstrapServers(), topics.locations(), Duration.ofSeconds(60));
            fixes.forEach(r -> newest.merge(r.partition(), r.timestamp(), Math::max));
            Set<String> expected = new TreeSet<>();
            for (var r : fixes) {
                long clock = newest.get(r.partition()) - skew;
                for (long w = Math.floorDiv(r.timestamp(), advance) * advance; w > r.timestamp() - size; w -= advance) {
                    if (w + size + grace <= clock) {
                        expected.add(r.key() + "@" + w);
                    }
                }
            }
            // the real data gives 55 windows of 35 rides; this only keeps the exact comparison below from comparing
            // two empty sets
            assertThat(expected).hasSizeGreaterThan(35);

            // run the app until the summaries stop growing past the wait
            try (StreamsRunner app = pipeline.startApp();
                 KafkaConsumer<byte[], byte[]> reader = committedReader(pipeline.bootstrapServers())) {
                awaitRunning(app);
                List<TopicPartition> outputs = new ArrayList<>();
                reader.partitionsFor(topics.carSummaries()).forEach(p -> outputs.add(new TopicPartition(p.topic(), p.partition())));
                reader.assign(outputs);
                reader.seekToBeginning(outputs);
                List<CarSummary> summaries = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < deadline && summaries.size() < expected.size()) {
                    reader.poll(Duration.ofMillis(200)).forEach(r -> summaries.add(FleetSerdes.carSummary().fromBytes(r.value())));
                }
                reader.poll(Duration.ofSeconds(3)).forEach(r -> summaries.add(FleetSerdes.carSummary().fromBytes(r.value())));

                // verify: exactly the windows the rule makes final, each once, none with a sample
                assertThat(summaries).extracting(s -> s.rideId() + "@" + s.windowStart())
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
                assertThat(summaries).allSatisfy(s -> assertThat(s.accelSamples()).isZero());
            }
        }
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrap) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                "enable.auto.commit", "false"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long pairs(List<SensorReading> readings) {
        Map<String, List<Long>> fixes = new HashMap<>();
        for (SensorReading r : readings) {
            if (r instanceof LocationFix f) {
                fixes.computeIfAbsent(f.rideId(), k -> new ArrayList<>()).add(f.eventTime());
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

    private static void awaitRunning(StreamsRunner app) throws InterruptedException {
        app.awaitRunning(Duration.ofSeconds(60));
        assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
}
