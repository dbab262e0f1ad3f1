package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.schedule.ClockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole real BDD data set through the topology, in the replayer's order, checked against a straightforward
 * computation written here from scratch (nested loops, no Kafka Streams).
 */
class RealDataTopologyTest {

    @TempDir
    Path state;

    @Test
    void joinedPairsAndWindowMeansEqualAStraightforwardComputation() {
        // configure + pipe input
        List<SensorReading> readings = replayedReadings();
        List<LocationFix> fixes = new ArrayList<>();
        List<AccelerationSample> samples = new ArrayList<>();
        List<CarSummary> summaries;
        List<HarshBrakingAlert> alerts;
        long joined;
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            for (SensorReading r : readings) {
                if (r instanceof LocationFix f) {
                    fixes.add(f);
                    app.pipe(f);
                } else {
                    samples.add((AccelerationSample) r);
                    app.pipe((AccelerationSample) r);
                }
            }
            // Closing records ten minutes later close every window of the real rides.
            long end = readings.get(readings.size() - 1).eventTime();
            app.advanceBothInputsTo(end + ClosingRecords.LEAD.toMillis());
            joined = app.joined.getQueueSize();
            System.out.println("example joined: " + new String(FleetSerdes.joinedReading()
                    .toBytes(app.joined.readValue())));
            summaries = app.summaries.readValuesToList().stream().filter(s -> !s.rideId().equals("end-of-test")).toList();
            assertThat(app.deadLetters.isEmpty()).isTrue();
            alerts = app.driver.createOutputTopic(TopologyFixture.config(state).topics().harshBraking(),
                    new StringDeserializer(), FleetSerdes.harshBrakingAlert().deserializer()).readValuesToList();
        }
        alerts.forEach(a -> System.out.println("alert: " + new String(FleetSerdes.harshBrakingAlert().toBytes(a))));

        // verify: join = every (sample, fix) pair of a ride at most 2 s apart
        long expectedPairs = 0;
        for (AccelerationSample a : samples) {
            for (LocationFix f : fixes) {
                if (a.rideId().equals(f.rideId()) && Math.abs(a.eventTime() - f.eventTime()) <= 2_000) {
                    expectedPairs++;
                }
            }
        }
        assertThat(joined).isEqualTo(expectedPairs).isPositive();

        // verify: each 30 s window every 15 s, per ride: fix count, sample count, mean and max known speed
        Map<String, CarSummary> byWindow = new HashMap<>();
        summaries.forEach(s -> assertThat(byWindow.put(s.rideId() + "@" + s.windowStart(), s)).as("emitted once").isNull());
        Map<String, double[]> expected = new TreeMap<>(); // fixes, known speeds, sum, max, samples
        for (LocationFix f : fixes) {
            for (long start : windowStarts(f.eventTime())) {
                double[] w = expected.computeIfAbsent(f.rideId() + "@" + start, k -> new double[] {0, 0, 0, -1, 0});
                w[0]++;
                if (f.speed() >= 0) {
                    w[1]++;
                    w[2] += f.speed();
                    w[3] = Math.max(w[3], f.speed());
                }
            }
        }
        for (AccelerationSample a : samples) {
            for (long start : windowStarts(a.eventTime())) {
                expected.computeIfAbsent(a.rideId() + "@" + start, k -> new double[] {0, 0, 0, -1, 0})[4]++;
            }
        }
        assertThat(byWindow.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, w) -> {
            CarSummary s = byWindow.get(key);
            assertThat(s.gpsFixes()).as(key).isEqualTo((int) w[0]);
            assertThat(s.accelSamples()).as(key).isEqualTo((long) w[4]);
            if (w[1] == 0) {
                assertThat(s.meanSpeed()).as(key).isNull();
            } else {
                assertThat(s.meanSpeed()).as(key).isCloseTo(w[2] / w[1], within(1e-9));
                assertThat(s.maxSpeed()).as(key).isEqualTo(w[3]);
            }
        });
        System.out.println("example summary: " + new String(FleetSerdes.carSummary()
                .toBytes(summaries.stream().filter(x -> x.gpsFixes() > 3 && x.meanSpeed() != null).findFirst().orElseThrow())));
        System.out.printf("real data: %d fixes, %d samples -> %d joined pairs, %d car summaries%n", fixes.size(),
                samples.size(), joined, summaries.size());
    }

    /** Starts of the 30 s windows, advancing by 15 s and aligned to the epoch, that contain {@code t}. */
    private static long[] windowStarts(long t) {
        long latest = t - Math.floorMod(t, 15_000L);
        return new long[] {latest - 15_000, latest};
    }

    /** What the replayer publishes for the real data with a fixed epoch: readings with event time set, in order. */
    /**
     * The course replays partition by partition ({@code --clock partition}): every row of a {@code t=} folder at the
     * folder's tick, so a partition's event time steps back by up to 45 ms at a tick. The detector takes each ride's
     * readings in order only (one behind its ride's previous one is a dead letter, late for harsh-braking): the steps
     * back are between rides, never within one ride's readings of a kind, and nothing is refused.
     */
    @Test
    void theCoursesPartitionClockKeepsEachRidesReadingsInOrder() {
        List<SensorReading> readings = TestData.readings(TestData.bdd(), TopologyFixture.EPOCH, ClockMode.PARTITION);
        Map<String, Long> last = new HashMap<>();
        long stepsBack = 0;
        for (SensorReading r : readings) {
            Long before = last.put(r.rideId() + (r instanceof LocationFix ? "/f" : "/s"), r.eventTime());
            stepsBack += before != null && r.eventTime() < before ? 1 : 0;
        }
        assertThat(stepsBack).as("readings behind their ride's previous one, in publishing order").isZero();

        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            for (SensorReading r : readings) {
                if (r instanceof LocationFix f) {
                    app.pipe(f);
                } else {
                    app.pipe((AccelerationSample) r);
                }
            }
            app.advanceBothInputsTo(readings.stream().mapToLong(SensorReading::eventTime).max().orElseThrow() + ClosingRecords.LEAD.toMillis());

            assertThat(app.deadLetters.readRecordsToList()).isEmpty();
            assertThat(app.metric("late-total", "harsh-braking")).isZero();
        }
    }

    static List<SensorReading> replayedReadings() {
        return replayedReadings(TestData.bdd(), TopologyFixture.EPOCH);
    }

    /** What the replayer publishes for a data set with epoch {@code epoch}: readings with event time set, in order. */
    static List<SensorReading> replayedReadings(Path dataDir, long epoch) {
        return TestData.readings(dataDir, epoch);
    }
}
