package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fleetstreams.common.HarshBrakingAlert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stop and go: a car standing at a light pulls away briskly (0.29 g, to 6 m/s in 2.1 s) and brakes to a stop right
 * after. The one GPS fix in between came during the pull-away and, like a phone's, tells the speed a second earlier
 * (1.4 m/s); the next comes 1.6 s after the hard brake below stopped the car. Only the accelerometer saw the car reach
 * 6 m/s, and only it saw the brake. Written from the physics: a phone in a holder pitched 30° reads gravity plus the
 * car's acceleration along its forward axis, with 0.005 g of noise, at 50 or 100 Hz ({@link GpsTimingTest}'s phone and
 * fixes).
 */
class StopAndGoTest {

    private static final double G = 9.80665;
    private static final long PULL_FROM_MS = 20_000;
    private static final double PULL_G = 0.29;
    private static final double TOP_MPS = 6.0;
    private static final long GPS_LAG_MS = 1_000;

    private final BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());

    /** A hard brake (0.75 g, 0.8 s to a stop) from the 6 m/s the pull-away reached is an alert. */
    @ParameterizedTest
    @ValueSource(ints = {50, 100})
    void aHardBrakeRightAfterPullingAwayIsAnAlert(int phoneHz) {
        List<HarshBrakingAlert> alerts = GpsTimingTest.alerts(drive(phoneHz, 0.75, TOP_MPS));
        long brakeFrom = SyntheticRide.T0 + pullEndMs(TOP_MPS);
        assertThat(alerts).hasSize(1);
        HarshBrakingAlert alert = alerts.get(0);
        assertThat(alert.startTime()).isBetween(brakeFrom - 200, brakeFrom + 500);
        assertThat(alert.peakDecelG()).isBetween(0.6, 0.9);
    }

    /** The same pull-away ended by a gentle stop (0.15 g, under the 0.30 g a brake must reach) is no alert. */
    @ParameterizedTest
    @ValueSource(ints = {50, 100})
    void aGentleStopAfterPullingAwayIsNoAlert(int phoneHz) {
        assertThat(GpsTimingTest.alerts(drive(phoneHz, 0.15, TOP_MPS))).isEmpty();
    }

    /**
     * The hard brake (0.75 g, 0.55 s) after a pull-away that reached only 4 m/s, below the 5 m/s a harsh brake needs:
     * no alert, though the GPS, a second behind, never saw the car move faster than 1.4 m/s either way. Only the
     * speed the accelerometer integrated over the pull-away tells it from the alert above.
     */
    @ParameterizedTest
    @ValueSource(ints = {50, 100})
    void aHardBrakeAfterPullingAwayToUnderFiveMetresPerSecondIsNoAlert(int phoneHz) {
        assertThat(GpsTimingTest.alerts(drive(phoneHz, 0.75, 4.0))).isEmpty();
        // control: with a minimum speed of 3 m/s (the app's --config key) the same brake is one, so the speed is what
        // it is no alert for
        BrakingConfig threeMetres = BrakingConfig.from(Map.of(BrakingConfig.PREFIX + "min.speed.mps", "3.0"));
        assertThat(GpsTimingTest.alerts(drive(new BrakingDetector(threeMetres), phoneHz, 0.75, 4.0))).hasSize(1);
    }

    /** The pull-away ends when the car reaches {@code topMps} (ms from the ride's start). */
    private static long pullEndMs(double topMps) {
        return PULL_FROM_MS + Math.round(topMps / (PULL_G * G) * 1000);
    }

    /**
     * 20 s standing (fixes every 1.5 s), the pull-away, a brake of {@code brakeG} to a stop, 10 s standing. Fixes at
     * 1.5 s intervals while standing and then at 21.5 s and 24.5 s; each reports the true speed {@value #GPS_LAG_MS} ms
     * before it.
     */
    private List<BrakingOutput> drive(int phoneHz, double brakeG, double topMps) {
        return drive(detector, phoneHz, brakeG, topMps);
    }

    private static List<BrakingOutput> drive(BrakingDetector detector, int phoneHz, double brakeG, double topMps) {
        SplittableRandom noise = new SplittableRandom(phoneHz);
        long pullEnd = pullEndMs(topMps);
        long stop = pullEnd + Math.round(topMps / (brakeG * G) * 1000);
        List<Long> fixTimes = new ArrayList<>();
        for (long t = 0; t <= PULL_FROM_MS; t += 1_500) {
            fixTimes.add(t);
        }
        fixTimes.add(21_500L);
        for (long t = 24_500; t <= stop + 10_000; t += 1_500) {
            fixTimes.add(t);
        }
        DetectorState state = new DetectorState();
        List<BrakingOutput> out = new ArrayList<>();
        long periodMicros = 1_000_000 / phoneHz;
        int nextFix = 0;
        for (long micros = 0; micros <= (stop + 10_000) * 1000; micros += periodMicros) {
            long t = micros / 1000;
            while (nextFix < fixTimes.size() && fixTimes.get(nextFix) <= t) {
                long at = fixTimes.get(nextFix++);
                out.addAll(detector.onFix(state, GpsTimingTest.fix(at, speed(at - GPS_LAG_MS, pullEnd, brakeG, topMps))));
            }
            double a = t >= PULL_FROM_MS && t < pullEnd ? PULL_G : t >= pullEnd && t < stop ? -brakeG : 0;
            out.addAll(detector.onSample(state, GpsTimingTest.stillPhone(t, a, noise)));
        }
        return out;
    }

    /** The car's true speed at {@code atMs}. */
    private static double speed(long atMs, long pullEnd, double brakeG, double topMps) {
        if (atMs <= PULL_FROM_MS) {
            return 0;
        }
        if (atMs <= pullEnd) {
            return PULL_G * G * (atMs - PULL_FROM_MS) / 1000.0;
        }
        return Math.max(0, topMps - brakeG * G * (atMs - pullEnd) / 1000.0);
    }
}
