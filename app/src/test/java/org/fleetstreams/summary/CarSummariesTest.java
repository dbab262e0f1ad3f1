package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.Haversine;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CarSummariesTest {

    // EPOCH is a multiple of 15 s, so windows start at EPOCH + k * 15 s.
    private static final long W0 = EPOCH;

    @TempDir
    Path state;

    @Test
    void haversineMatchesAKnownDistance() {
        // One degree of latitude on the mean-radius sphere: 2 * pi * R / 360.
        assertThat(Haversine.metres(40, -74, 41, -74)).isCloseTo(2 * Math.PI * Haversine.EARTH_RADIUS_M / 360, within(1e-6));
        // the same in metres, for the Earth's mean radius of 6,371 km (a wrong radius would agree with itself above)
        assertThat(Haversine.metres(40, -74, 41, -74)).isCloseTo(111_195.0, within(1.0));
        // a quarter of the equator, along it
        assertThat(Haversine.metres(0, 0, 0, 90)).isCloseTo(10_007_543.0, within(100.0));
        assertThat(Haversine.metres(40.7, -73.9, 40.7, -73.9)).isZero();
    }

    @Test
    void finalSummaryHasHandComputedValuesAndComesOnceWhenTheWindowCloses() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            app.pipe(fix("r", W0 + 1_000, 40.7000, -73.9000, 10));
            app.pipe(fix("r", W0 + 9_000, 40.7010, -73.9000, 20));   // arrives before the next, out of order
            app.pipe(fix("r", W0 + 5_000, 40.7005, -73.9000, -1));   // unknown speed: no speed stats, yes distance
            app.pipe(sample("r", W0 + 2_000, 0, 0, 1));
            app.pipe(sample("r", W0 + 2_020, 0, 0, 1));

            assertThat(app.summaries.isEmpty()).as("nothing before the window closes").isTrue();

            // Stream time to W0 + 30 s + grace: [W0 - 15 s, W0 + 15 s) and [W0, W0 + 30 s) close.
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, W0 + 30_000));
            List<CarSummary> out = app.summaries.readValuesToList();

            double expectedDistance = Haversine.metres(40.7000, -73.9, 40.7005, -73.9)
                    + Haversine.metres(40.7005, -73.9, 40.7010, -73.9);
            CarSummary w0 = out.stream().filter(s -> s.windowStart() == W0).findFirst().orElseThrow();
            assertThat(w0.rideId()).isEqualTo("r");
            assertThat(w0.windowEnd()).isEqualTo(W0 + 30_000);
            assertThat(w0.gpsFixes()).isEqualTo(3);
            assertThat(w0.speedFixes()).as("the mean's weight: fixes with a known speed").isEqualTo(2);
            assertThat(w0.meanSpeed()).isEqualTo(15.0);
            assertThat(w0.maxSpeed()).isEqualTo(20.0);
            assertThat(w0.distanceMetres()).isCloseTo(expectedDistance, within(1e-9)).isCloseTo(111.2, within(0.1));
            assertThat(w0.accelSamples()).isEqualTo(2);
            assertThat(out).filteredOn(s -> s.rideId().equals("r")).extracting(CarSummary::windowStart)
                    .containsExactly(W0 - 15_000, W0);

            app.advanceBothInputsTo(W0 + 80_000);
            assertThat(app.summaries.readValuesToList()).filteredOn(s -> s.rideId().equals("r"))
                    .as("r had no records after W0 + 15 s: no further windows, and none emitted twice").isEmpty();
        }
    }

    /**
     * A window takes records until its clock reaches its end plus the grace: a fix just before the end counts one
     * millisecond before that, and the same fix at that moment is a dead letter for the window (late, naming the rule)
     * while it still counts in the next window, which is open.
     */
    @Test
    void aWindowTakesRecordsUntilItsClockReachesItsEndPlusTheGrace() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            long end = W0 + 30_000;
            long grace = TopologyFixture.closeTime(app.config, end) - end;
            app.pipe(fix("r", W0 + 1_000, 40.7, -73.9, 10));

            app.advanceBothInputsTo(end + grace - 1);
            app.pipe(fix("r", end - 1, 40.7, -73.9, 20)); // counted: the window is still open
            app.advanceBothInputsTo(end + grace);
            app.pipe(fix("r", end - 1, 40.7, -73.9, 30)); // late for [W0, end), in time for [W0 + 15 s, end + 15 s)
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, end + 15_000));

            List<CarSummary> out = app.summaries.readValuesToList();
            CarSummary first = out.stream().filter(s -> s.windowStart() == W0).findFirst().orElseThrow();
            assertThat(first.gpsFixes()).isEqualTo(2);
            assertThat(first.maxSpeed()).isEqualTo(20.0);
            CarSummary next = out.stream().filter(s -> s.windowStart() == W0 + 15_000).findFirst().orElseThrow();
            assertThat(next.gpsFixes()).isEqualTo(2);
            assertThat(next.maxSpeed()).isEqualTo(30.0);

            List<TestRecord<String, byte[]>> forWindows = app.deadLetters.readRecordsToList().stream()
                    .filter(d -> header(d, DeadLetterHeaders.LATE_RESULT).startsWith("car-summaries")).toList();
            assertThat(forWindows).hasSize(1);
            assertThat(header(forWindows.get(0), DeadLetterHeaders.LATE_RESULT))
                    .isEqualTo("car-summaries window [" + W0 + "," + end + ")");
            assertThat(header(forWindows.get(0), DeadLetterHeaders.REASON)).startsWith("late: missed car-summaries window")
                    .endsWith("(the window closed when the clock reached its end + " + grace + " ms)");
            assertThat(app.metric("late-total", "car-summaries")).isEqualTo(1);
        }
    }

    /**
     * A partition whose rides have GPS only, published at once (a burst) and then nothing more: once the input has
     * stopped (no record for the longer of the idle time and the tolerated skew, 30 s, the broker holding nothing
     * more), the accelerometer input, which never delivered, is idle like one that went quiet, so the clock runs the
     * tolerated skew behind the GPS and the windows it has passed are final, each once. Before, the released burst reached the summaries at one wall-clock instant,
     * the silent input never counted as idle, and no summary of the partition was ever written.
     */
    @Test
    void aPartitionWithGpsOnlyWritesItsSummariesOnceTheInputStops() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            long last = W0 + 120_000;
            for (long t = W0; t <= last; t += 1_000) {
                app.pipe(fix("gps-only", t, 40.7 + (t - W0) * 1e-6, -73.9, 10));
            }
            // the merge lets the held fixes go once the input stopped; some time later the clocks let go of the
            // accelerometer input: nothing is final before, everything the clock has passed after
            app.driver.advanceWallClockTime(app.config.time().inputStopped().plusMillis(100));
            app.driver.advanceWallClockTime(app.config.time().toleratedSkew().minusSeconds(2));
            assertThat(app.summaries.isEmpty()).isTrue();
            app.driver.advanceWallClockTime(Duration.ofSeconds(2));

            long clock = last - app.config.time().toleratedSkew().toMillis();
            long grace = TopologyFixture.closeTime(app.config, W0) - W0;
            List<CarSummary> out = app.summaries.readValuesToList();
            List<Long> expected = new ArrayList<>();
            for (long start = W0 - 15_000; start + 30_000 + grace <= clock; start += 15_000) {
                expected.add(start);
            }
            assertThat(expected).hasSizeGreaterThan(3);
            assertThat(out).extracting(CarSummary::windowStart).containsExactlyElementsOf(expected);
            assertThat(out).allSatisfy(s -> assertThat(s.accelSamples()).isZero());
            assertThat(out.get(2).gpsFixes()).isEqualTo(30);

            app.driver.advanceWallClockTime(Duration.ofSeconds(10));
            assertThat(app.summaries.readValuesToList()).as("none written twice").isEmpty();
        }
    }

    /**
     * One topic filled, then the other: the fixes of a ride published at once, the input quiet for almost as long as
     * the clocks wait before taking a silent input idle, then the ride's samples. Nothing is late: every window counts
     * all its samples, and no dead letter is written. Also when the app had been idle before the fixes came.
     */
    @ParameterizedTest(name = "the app idle for {0} s before the fixes")
    @ValueSource(ints = {0, 31})
    void samplesPublishedAfterTheFixesWithinTheWaitAreNotLate(int idleBeforeS) {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            // an app started before its producers: the merge tells the clocks both inputs are idle, before any record
            for (int s = 0; s < idleBeforeS; s++) {
                app.driver.advanceWallClockTime(Duration.ofSeconds(1));
            }
            long last = W0 + 60_000;
            for (long t = W0; t <= last; t += 1_000) {
                app.pipe(fix("r", t, 40.7, -73.9, 10));
            }
            app.driver.advanceWallClockTime(app.config.time().inputStopped().plusMillis(100));
            app.driver.advanceWallClockTime(app.config.time().toleratedSkew().minusSeconds(2));
            for (long t = W0; t <= last; t += 20) {
                app.pipe(sample("r", t, 0, 0, 1));
            }
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, last + 30_000));

            List<CarSummary> out = app.summaries.readValuesToList();
            assertThat(out).extracting(CarSummary::windowStart)
                    .containsExactly(W0 - 15_000, W0, W0 + 15_000, W0 + 30_000, W0 + 45_000, W0 + 60_000);
            assertThat(out).extracting(CarSummary::accelSamples).containsExactly(750L, 1_500L, 1_500L, 1_500L, 751L, 1L);
            assertThat(app.deadLetters.readRecordsToList()).isEmpty();
        }
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void windowsThatCloseTogetherAreWrittenInWindowOrderAcrossRides() {
        // configure: ride "a" early and late, ride "b" in between; the clock then jumps past every window at once
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            app.pipe(fix("a", W0 + 1_000, 40.7, -73.9, 5));
            app.pipe(fix("b", W0 + 31_000, 40.7, -73.9, 5));
            app.pipe(fix("a", W0 + 61_000, 40.7, -73.9, 5));

            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, W0 + 120_000));

            // verify: one scan wrote them all, oldest window first (a ride at a time wrote a's recent windows before
            // b's older ones, and a window store drops a put far older than its newest)
            List<CarSummary> out = app.summaries.readValuesToList();
            assertThat(out).extracting(CarSummary::windowStart).isSorted();
            assertThat(out).extracting(x -> x.rideId() + "@" + (x.windowStart() - W0)).containsExactly(
                    "a@-15000", "a@0", "b@15000", "b@30000", "a@45000", "a@60000");
        }
    }

    @Test
    void aRidesPanesLeaveTheStoreOnceTheirLastWindowIsWritten() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            for (long t = W0; t < W0 + 40_000; t += 20) {
                if (t % 1_000 == 0) {
                    app.pipe(fix("r", t, 40.7 + t % 7 * 1e-5, -73.9, 5));
                    app.pipe(fix("g", t, 40.8, -73.9, 5)); // GPS only: its panes hold fixes and zero counts
                }
                app.pipe(sample("r", t, 0.02, -0.1, -1)); // gently braking: decelerations reach the panes too
            }
            assertThat(paneKeys(app, "r")).as("panes of r while its windows are open").isNotEmpty();
            assertThat(paneKeys(app, "g")).as("panes of g while its windows are open").isNotEmpty();

            app.advanceBothInputsTo(W0 + 120_000);

            assertThat(app.summaries.readValuesToList()).filteredOn(s -> s.rideId().equals("r")).isNotEmpty();
            assertThat(paneKeys(app, "r")).as("every pane of r is deleted once its last window is written").isEmpty();
            assertThat(paneKeys(app, "g")).as("and of g, zero counts included").isEmpty();
        }
    }

    private static List<String> paneKeys(TopologyFixture app, String ride) {
        List<String> keys = new ArrayList<>();
        try (var all = app.driver.<String, Object>getKeyValueStore(SummaryProcessor.STORE).all()) {
            all.forEachRemaining(e -> {
                if (e.key.startsWith(ride + "\0")) {
                    keys.add(e.key);
                }
            });
        }
        return keys;
    }

    @Test
    void windowWithOnlyUnknownSpeedsHasNoSpeedStatistics() {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            app.pipe(fix("r", W0 + 1_000, 40.7, -73.9, -1));
            app.advanceBothInputsTo(TopologyFixture.closeTime(app.config, W0 + 30_000));

            CarSummary w0 = app.summaries.readValuesToList().stream()
                    .filter(s -> s.rideId().equals("r") && s.windowStart() == W0).findFirst().orElseThrow();
            assertThat(w0.meanSpeed()).isNull();
            assertThat(w0.maxSpeed()).isNull();
            assertThat(w0.gpsFixes()).isEqualTo(1);
            assertThat(w0.speedFixes()).isZero();
        }
    }
}
