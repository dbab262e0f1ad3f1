package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.braking.BrakingDetectorFixtures.calibratedThen;
import static org.fleetstreams.braking.BrakingDetectorFixtures.run;
import static org.fleetstreams.braking.BrakingDetectorFixtures.single;
import static org.fleetstreams.braking.BrakingDetectorFixtures.withSpeed;

import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.braking.BrakingDetectorFixtures.Run;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/** Harsh brakes found, with their figures: any phone attitude, before calibration, long ones, slow phones. */
class BrakingDetectorTest {

    @Test
    void harshBrakeIsFoundInTheDashcamOrientation() {
        Run run = run(calibratedThen(r -> r.accelerate(2, -0.45)), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.state.calibrated()).isTrue();
        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.severity()).isEqualTo("harsh");
        assertThat(alert.confidence()).isEqualTo("high");
        assertThat(alert.source()).isEqualTo("accelerometer");
        assertThat(alert.peakDecelG()).isCloseTo(0.45, within(0.03));
        assertThat(alert.durationMs()).isBetween(1_600L, 2_600L);
        assertThat(alert.startTime() - SyntheticRide.T0).isBetween(63_000L, 63_400L);
        assertThat(alert.speedBefore()).isCloseTo(15, within(1.0));
        assertThat(alert.speedAfter()).isLessThan(alert.speedBefore() - 5);
    }

    @Test
    void harshBrakeIsFoundWithThePhoneFlatAndTurnedAndTheAxisIsRecovered() {
        SyntheticRide.Orientation flat = SyntheticRide.Orientation.flatTurned(30);
        Run run = run(calibratedThen(r -> r.accelerate(3, -0.55)), flat);

        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.severity()).isEqualTo("severe");
        assertThat(alert.peakDecelG()).isCloseTo(0.55, within(0.04));
        double[] truth = flat.forwardInPhone();
        double[] found = run.state.forwardAxis();
        double cos = truth[0] * found[0] + truth[1] * found[1] + truth[2] * found[2];
        assertThat(Math.toDegrees(Math.acos(Math.min(1, cos)))).as("forward-axis error, degrees").isLessThan(10);
        assertThat(run.state.r2()).isGreaterThan(0.8);
    }

    /**
     * A brake to a stop from motorway speed: 0.35 g from 30 m/s takes 8.7 s (v / a), longer than a phone handling
     * is allowed to look like one event. It is one harsh brake all the same.
     */
    @Test
    void aLongBrakeToAStopFromMotorwaySpeedIsOneAlert() {
        SyntheticRide ride = new SyntheticRide().from(30).wiggle(60, 0.1).cruise(3).accelerate(10, -0.35).cruise(6);

        Run run = run(ride, SyntheticRide.Orientation.DASHCAM);

        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.durationMs()).isBetween(8_000L, 9_500L);
        assertThat(alert.peakDecelG()).isCloseTo(0.35, within(0.03));
        assertThat(alert.speedBefore()).isCloseTo(30, within(1.5));
    }

    /**
     * Harsh brakes to a stop from 130-160 km/h last longer than an event may before it counts as gravity that moved
     * (8 s): 0.35 g from 36 m/s takes 10.5 s, from 45 m/s 13.1 s. Each is one alert from its onset, in the
     * dashcam and the flat orientation, with the GPS speed reported as it is and a second late, as phones report it.
     * Before, the event was dropped at 8 s: no alert, or a one-second GPS-only alert 9 s after the onset.
     */
    @Test
    void aBrakeToAStopLongerThanEightSecondsIsOneAlertFromItsOnset() {
        double[][] brakes = {{36, 0.35}, {45, 0.35}, {40, 0.45}};
        for (double[] b : brakes) {
            double seconds = b[0] / (b[1] * BrakingDetector.G);
            for (SyntheticRide.Orientation o : List.of(SyntheticRide.Orientation.DASHCAM,
                    SyntheticRide.Orientation.flatTurned(30))) {
                for (int lagFixes : new int[] {0, 1}) {
                    SyntheticRide ride = new SyntheticRide().from(b[0]).wiggle(60, 0.1).cruise(3)
                            .accelerate(Math.ceil(seconds) + 1, -b[1]).cruise(6);
                    Run run = run(gpsLate(ride.readings("r", o, 7), lagFixes));

                    String what = String.format("%.0f m/s at %.2f g, %s, GPS %d s late", b[0], b[1],
                            o == SyntheticRide.Orientation.DASHCAM ? "dashcam" : "flat", lagFixes);
                    assertThat(run.alerts).as(what).hasSize(1);
                    HarshBrakingAlert alert = run.alerts.get(0);
                    assertThat(alert.startTime() - SyntheticRide.T0).as(what).isBetween(62_500L, 64_000L);
                    assertThat(alert.durationMs() / 1000.0).as(what).isCloseTo(seconds, within(0.8));
                    assertThat(alert.peakDecelG()).as(what).isCloseTo(b[1], within(0.03));
                    assertThat(alert.source()).as(what).isEqualTo("accelerometer");
                }
            }
        }
    }

    /** The same readings with each fix reporting the speed of {@code fixes} fixes (seconds) earlier. */
    private static List<SensorReading> gpsLate(List<SensorReading> readings, int fixes) {
        List<Double> speeds = new ArrayList<>();
        for (SensorReading r : readings) {
            if (r instanceof LocationFix f) {
                speeds.add(f.speed());
            }
        }
        List<SensorReading> out = new ArrayList<>();
        int i = 0;
        for (SensorReading r : readings) {
            if (r instanceof LocationFix f) {
                out.add(withSpeed(f, speeds.get(Math.max(0, i++ - fixes))));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void aLongWeakBrakeThatBeginsOverACrestIsStillABrake() {
        // A 0.38 g brake reads |h|²/2 = 0.072 g; a turned phone would drop the vertical reading by about as much. Over
        // a crest the vertical reading dips 0.07 g for the first half second, so that half second looks like a turned
        // phone; the next 2.5 s read the same 0.38 g horizontally and no vertical drop: the reading moved off gravity
        // flat, as no new phone attitude does, and the car lost 9 m/s.
        Run run = run(calibratedThen(r -> r.accelerateOverCrest(0.6, -0.38, -0.07).accelerate(2.4, -0.38)),
                SyntheticRide.Orientation.DASHCAM);

        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.peakDecelG()).isCloseTo(0.38, within(0.04));
        assertThat(alert.durationMs()).isGreaterThan(2_400L);
        assertThat(alert.startTime() - SyntheticRide.T0).isBetween(63_000L, 63_400L);
    }

    @Test
    void twoPulsesLessThanTwoSecondsApartAreOneEvent() {
        Run run = run(calibratedThen(r -> r.accelerate(0.8, -0.45).accelerate(1.0, 0).accelerate(0.8, -0.45)),
                SyntheticRide.Orientation.DASHCAM);

        assertThat(single(run.alerts).durationMs()).isBetween(2_200L, 3_200L);
    }

    @Test
    void beforeCalibrationTheDashcamFallbackFindsTheBrakeWithLowerConfidence() {
        // The brake starts after 3 fixes of steady cruising: nothing to fit, so the fallback axis (-z) is in use.
        Run run = run(new SyntheticRide().from(15).cruise(3).accelerate(2, -0.4).cruise(6), SyntheticRide.Orientation.DASHCAM);

        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.confidence()).as("fallback axis, GPS confirms").isEqualTo("medium");
        assertThat(alert.peakDecelG()).isCloseTo(0.4, within(0.03));
    }

    /**
     * A phone lying flat (the commonest place for one) before any axis is fitted: the −z fallback points at the ground,
     * so there is no horizontal axis to read the brake along, and the GPS speed drop (15 → 8.4 m/s in 1.5 s) decides.
     * A turn as strong, which loses no speed, stays no brake.
     */
    @Test
    void beforeCalibrationAFlatPhoneFindsTheBrakeOnTheGpsEvidence() {
        for (double turned : new double[] {0, 30, 120}) {
            SyntheticRide.Orientation flat = SyntheticRide.Orientation.flatTurned(turned);

            Run brake = run(fixesEvery(4, new SyntheticRide().from(15).cruise(4.2).accelerate(1.5, -0.45).cruise(8).readings("r", flat, 7)));
            Run turn = run(fixesEvery(4, new SyntheticRide().from(15).cruise(4.2).accelerateSideways(1.5, 0.45).cruise(8).readings("r", flat, 7)));

            HarshBrakingAlert alert = single(brake.alerts);
            assertThat(alert.source()).isEqualTo("accelerometer");
            assertThat(alert.peakDecelG()).as("turned %s", turned).isCloseTo(0.45, within(0.04));
            assertThat(alert.startTime() - SyntheticRide.T0).isBetween(4_000L, 4_600L);
            assertThat(turn.alerts).as("a turn, turned %s", turned).isEmpty();
        }
    }

    /**
     * Phones that sample at 2, 4 and 5 Hz (every 25th, 12th or 10th sample of a 50 Hz ride): a 0.5 g brake of 1 s is
     * one accelerometer alert from its onset, a turn none. Before, the median of five samples spanned 0.8-2 s there:
     * at 2 Hz it removed the brake, and only the GPS-only path alerted, a second early.
     */
    @Test
    void aSlowPhoneStillFindsTheBrakeFromItsOnset() {
        for (int every : new int[] {25, 12, 10}) {
            for (SyntheticRide.Orientation o : List.of(SyntheticRide.Orientation.DASHCAM,
                    SyntheticRide.Orientation.flatTurned(30))) {
                String what = String.format("%.1f Hz, %s", 50.0 / every, o == SyntheticRide.Orientation.DASHCAM ? "dashcam" : "flat");
                Run run = run(everyNthSample(every, calibratedThen(r -> r.accelerate(1, -0.5)).readings("r", o, 7)));
                assertThat(run.alerts).as(what).hasSize(1);
                assertThat(run.alerts.get(0).startTime() - SyntheticRide.T0).as(what).isBetween(62_900L, 63_600L);
                assertThat(run.alerts.get(0).source()).as(what).isEqualTo("accelerometer");
                Run turn = run(everyNthSample(every, calibratedThen(r -> r.accelerateSideways(3, 0.4)).readings("r", o, 7)));
                assertThat(turn.alerts).as("a turn, " + what).isEmpty();
            }
        }
    }

    /** The readings with only every {@code n}th accelerometer sample. */
    private static List<SensorReading> everyNthSample(int n, List<SensorReading> readings) {
        List<SensorReading> out = new ArrayList<>();
        int i = 0;
        for (SensorReading r : readings) {
            if (!(r instanceof AccelerationSample) || i++ % n == 0) {
                out.add(r);
            }
        }
        return out;
    }

    /** The readings with only the fixes whose event time is a multiple of {@code seconds} after the ride's start. */
    private static List<SensorReading> fixesEvery(int seconds, List<SensorReading> readings) {
        return readings.stream().filter(r -> !(r instanceof LocationFix f)
                || (f.eventTime() - SyntheticRide.T0) % (seconds * 1000L) == 0).toList();
    }

    /**
     * A fix a second: 60 s of 0.1 g wiggle, 3 s of cruise, a 0.4 g brake from 63 to 65 s, 6 s of cruise. Each fix's
     * digest covers only the second since the fix before: about 0.4 g for the fixes at 64 and 65 s, which see the
     * brake, and the noise alone (0.01 g) from two seconds after it (the sample filter's delay reaches into the
     * second after), not the brake again, as a running maximum would.
     */
    @Test
    void everyFixEmitsTheLargestDecelerationSinceThePreviousOne() {
        Run run = run(calibratedThen(r -> r.accelerate(2, -0.4)), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.digests).as("one digest per fix, at 0, 1, ... 70 s").hasSize(71);
        assertThat(run.digests.get(64)).isCloseTo(0.4, within(0.03));
        assertThat(run.digests.get(65)).isCloseTo(0.4, within(0.03));
        assertThat(run.digests.subList(67, 71)).as("the cruise after the brake").allSatisfy(d -> assertThat(d).isLessThan(0.1));
        assertThat(run.digests.subList(10, 60)).as("the wiggle").allSatisfy(d -> assertThat(d).isLessThan(0.2));
    }
}
