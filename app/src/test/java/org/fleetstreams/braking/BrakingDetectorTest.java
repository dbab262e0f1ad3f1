package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

class BrakingDetectorTest {

    private final BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());

    /** 15 m/s, 60 s of ±0.1 g changes to calibrate, then the manoeuvre under test, then cruising. */
    private static SyntheticRide calibratedThen(java.util.function.UnaryOperator<SyntheticRide> manoeuvre) {
        return manoeuvre.apply(new SyntheticRide().from(15).wiggle(60, 0.1).cruise(3)).cruise(6);
    }

    /**
     * A fix older than the last one (out of order, past the merge) must not move the detector back in time: the next
     * fix would pair with it, and a late fix 10 m/s faster reads as a 6.7 m/s² GPS-only brake that never happened.
     */
    @Test
    void aFixOlderThanTheLastOneIsNotTaken() {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
        DetectorState braking = new DetectorState();
        List<BrakingOutput> inOrder = fixesEverySecond(detector, braking, repeat(25, 10));
        inOrder.addAll(detector.onFix(braking, gpsFix(10_500, 15)));
        assertThat(inOrder).as("the same drop in order is a GPS-only brake: the setup can alert")
                .anyMatch(BrakingOutput::isAlert);

        DetectorState state = new DetectorState();
        List<BrakingOutput> out = fixesEverySecond(detector, state, repeat(15, 11));
        assertThat(detector.onFix(state, gpsFix(9_000, 25))).isEmpty();
        out.addAll(detector.onFix(state, gpsFix(11_500, 15)));

        assertThat(out).noneMatch(BrakingOutput::isAlert);
    }

    /**
     * The order check looks at the ride's latest fix of any kind, not at the one the open GPS interval started at: a
     * fix behind a fix with an unknown speed is refused too. Taken, 21 m/s at 9.5 s would pair with 15 m/s at 9 s, and
     * 15 m/s at 11 s with it, a 4 m/s² GPS-only brake that never happened.
     */
    @Test
    void aFixOlderThanALaterFixWithAnUnknownSpeedIsNotTaken() {
        DetectorState inOrder = new DetectorState();
        List<BrakingOutput> control = fixesEverySecond(detector, inOrder, repeat(15, 10));
        control.addAll(detector.onFix(inOrder, gpsFix(10_000, -1)));
        control.addAll(detector.onFix(inOrder, gpsFix(10_500, 21)));
        control.addAll(detector.onFix(inOrder, gpsFix(12_000, 15)));
        assertThat(control).as("the same speeds in order are a GPS-only brake: the setup can alert")
                .anyMatch(BrakingOutput::isAlert);

        DetectorState state = new DetectorState();
        List<BrakingOutput> out = fixesEverySecond(detector, state, repeat(15, 10));
        out.addAll(detector.onFix(state, gpsFix(10_000, -1)));
        assertThat(detector.onFix(state, gpsFix(9_500, 21))).as("behind the fix at 10 s").isEmpty();
        out.addAll(detector.onFix(state, gpsFix(11_000, 15)));

        assertThat(out).noneMatch(BrakingOutput::isAlert);
    }

    /** One fix whose GPS speed jumps to 500 m/s and back: no car does that, and it is no brake. */
    @Test
    void aGpsSpeedSpikeNoCarCouldMakeIsNoBrake() {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
        List<BrakingOutput> out = fixesEverySecond(detector, new DetectorState(), 10, 10, 10, 10, 10, 500, 500, 10, 10,
                10, 10);
        assertThat(out).as("a spike of two fixes").noneMatch(BrakingOutput::isAlert);

        List<BrakingOutput> hard = fixesEverySecond(detector, new DetectorState(), 25, 25, 25, 25, 25, 15, 5, 5, 5);
        assertThat(hard).as("a hard (1 g) brake seen by the GPS alone still is one").anyMatch(BrakingOutput::isAlert);

        // the same brake seen by fixes 0.2 s apart, with 0.5 m/s of GPS speed noise either way
        List<BrakingOutput> dense = new ArrayList<>();
        DetectorState fivePerSecond = new DetectorState();
        for (int i = 0; i <= 50; i++) {
            double t = i * 0.2;
            double speed = t < 4 ? 25 : t < 6 ? 25 - 0.5 * 9.8 * (t - 4) : 15.2;
            double noise = i % 2 == 0 ? 0.5 : -0.5;
            dense.addAll(detector.onFix(fivePerSecond, gpsFix(Math.round(t * 1000), Math.max(0, speed + noise))));
        }
        assertThat(dense).as("a 0.5 g brake in noisy fixes 0.2 s apart").anyMatch(BrakingOutput::isAlert);
    }

    /** Fix {@code i} at {@code i} seconds with {@code speeds[i]}: what the detector answers to all of them. */
    private static List<BrakingOutput> fixesEverySecond(BrakingDetector detector, DetectorState state, double... speeds) {
        List<BrakingOutput> out = new ArrayList<>();
        for (int i = 0; i < speeds.length; i++) {
            out.addAll(detector.onFix(state, gpsFix(i * 1_000L, speeds[i])));
        }
        return out;
    }

    private static double[] repeat(double speed, int times) {
        double[] speeds = new double[times];
        java.util.Arrays.fill(speeds, speed);
        return speeds;
    }

    private static LocationFix gpsFix(long atMs, double speed) {
        return new LocationFix(atMs / 1000.0, null, "r", "u", 0, 40.7, -73.9, "dr5r", speed, 5,
                SyntheticRide.T0 + atMs);
    }

    /**
     * A phone's first readings can be all zero (a sensor that reports before its first measurement, or a phone in free
     * fall as it is dropped into its holder). Gravity cannot be taken from them: "up" would be 0/0, and the NaN would
     * reach the window summaries' peak deceleration and the detector's state.
     */
    @Test
    void zeroReadingsBeforeTheFirstRealOneChangeNothing() {
        List<SensorReading> ride = calibratedThen(r -> r.accelerate(2, -0.45)).readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        List<SensorReading> zerosFirst = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            long t = SyntheticRide.T0 - 100 + 20L * k;
            zerosFirst.add(new AccelerationSample(-0.1 + 0.02 * k, null, "r", "u", 0, 0, 0, t));
        }
        zerosFirst.addAll(ride);

        Run plain = run(ride);
        Run run = run(zerosFirst);

        assertThat(run.digests).isNotEmpty().allSatisfy(d -> assertThat(d).isFinite());
        assertThat(run.alerts).isEqualTo(plain.alerts);
        assertThat(run.digests).isEqualTo(plain.digests);
    }

    /**
     * A sensor that reads nothing (all zeros) for minutes mid-ride, at a stop: a standing car's gravity follows the
     * reading within a quarter of a second, so taken, the zeros shrank gravity until "up" was 0/0.
     */
    @Test
    void minutesOfZeroReadingsAtAStopLeaveGravityWhole() {
        DetectorState state = new DetectorState();
        List<Double> digests = new ArrayList<>();
        double gravityAtTheGlitchsEnd = Double.NaN;
        for (long t = 0; t <= 400_000; t += 20) {
            if (t == 309_000) {
                gravityAtTheGlitchsEnd = Vectors.norm(state.gravity.g);
            }
            boolean glitch = t > 10_000 && t < 310_000;
            for (BrakingOutput o : detector.onSample(state, new AccelerationSample(t / 1000.0, null, "r", "u", 0, 0,
                    glitch ? 0 : 1, SyntheticRide.T0 + t))) {
                assertThat(o.isAlert()).isFalse();
            }
            if (t % 1_000 == 0) {
                detector.onFix(state, gpsFix(t, 0)).forEach(o -> digests.add(o.peakDecelSinceLastFixG()));
            }
        }
        assertThat(digests).hasSize(401).allSatisfy(d -> assertThat(d).isFinite());
        assertThat(gravityAtTheGlitchsEnd).as("after 299 s of zeros").isCloseTo(1.0, within(0.01));
        assertThat(Vectors.norm(state.gravity.g)).isCloseTo(1.0, within(0.01));
    }

    /**
     * The phone is picked up (turned 60° over 1.5 s) and the accelerometer stops mid-move, while the GPS goes on and
     * then sees a 0.4 g brake of 2 s. With no sample to say where the phone settled, the handling cannot end; it must
     * not hold back the GPS-only path for the rest of the ride.
     */
    @Test
    void aHandlingCutShortByASilentAccelerometerDoesNotSilenceTheGps() {
        long cut = SyntheticRide.T0 + 64_500;
        List<SensorReading> ride = calibratedThen(r -> r.handle(1.5, 60).cruise(10).accelerate(2, -0.4).cruise(5))
                .readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        DetectorState state = new DetectorState();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        boolean reorientingAtTheCut = false;
        for (SensorReading r : ride) {
            if (r instanceof AccelerationSample a) {
                if (a.eventTime() >= cut) {
                    continue;
                }
                detector.onSample(state, a).stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
                reorientingAtTheCut = state.event.phase == BrakeEvent.REORIENTING;
            } else {
                detector.onFix(state, (LocationFix) r).stream().filter(BrakingOutput::isAlert)
                        .forEach(o -> alerts.add(o.alert()));
            }
        }
        assertThat(reorientingAtTheCut).as("the setup: the handling was under way when the samples stopped").isTrue();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).source()).isEqualTo("gps");
        assertThat(alerts.get(0).startTime()).isBetween(SyntheticRide.T0 + 73_000, SyntheticRide.T0 + 77_000);
    }

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
     * A phone that reports speed −1 (unknown) for every second fix: the GPS intervals run from one known speed to the
     * next across the unknown one, so the axis is still fitted from the speed changes (2 s intervals instead of 1 s)
     * and the brake is read along it. Before, each unknown speed ended two intervals, none was left, and the axis
     * was never fitted.
     */
    @Test
    void fixesWithUnknownSpeedDoNotEndTheGpsIntervalAndTheAxisIsStillFitted() {
        SyntheticRide.Orientation flat = SyntheticRide.Orientation.flatTurned(30);
        List<SensorReading> ride = calibratedThen(r -> r.accelerate(3, -0.55)).readings("r", flat, 7).stream()
                .map(r -> r instanceof LocationFix f && (f.eventTime() - SyntheticRide.T0) % 2_000 != 0
                        ? withSpeed(f, -1) : r)
                .toList();
        assertThat(ride).filteredOn(r -> r instanceof LocationFix f && f.speed() == -1).hasSizeGreaterThan(30);

        Run run = run(ride);

        assertThat(run.state.calibrated()).isTrue();
        double[] truth = flat.forwardInPhone();
        double[] found = run.state.forwardAxis();
        double cos = truth[0] * found[0] + truth[1] * found[1] + truth[2] * found[2];
        // within the 15 degrees the quality reports count as fitted: 2 s intervals average this ride's 1 s wiggles
        assertThat(Math.toDegrees(Math.acos(Math.min(1, cos)))).as("forward-axis error, degrees").isLessThan(15);
        HarshBrakingAlert alert = single(run.alerts);
        assertThat(alert.source()).isEqualTo("accelerometer");
        assertThat(alert.confidence()).as("read along the fitted axis").isEqualTo("high");
        assertThat(alert.peakDecelG()).isCloseTo(0.55, within(0.04));
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

    /** A long, tight turn (a motorway interchange: 0.35 g sideways for 12 s, speed unchanged) is still no brake. */
    @Test
    void aTwelveSecondTurnIsNotABrake() {
        for (SyntheticRide.Orientation o : List.of(SyntheticRide.Orientation.DASHCAM,
                SyntheticRide.Orientation.flatTurned(30))) {
            Run run = run(calibratedThen(r -> r.accelerateSideways(12, 0.35)), o);
            assertThat(run.alerts).as("%s", o).isEmpty();
        }
    }

    private static LocationFix withSpeed(LocationFix f, double speed) {
        return new LocationFix(f.offset(), f.id(), f.rideId(), f.uuid(), f.course(), f.latitude(), f.longitude(),
                f.geohash(), speed, f.accuracy(), f.eventTime());
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
    void aTwentyMillisecondOneGSpikeIsNotABrake() {
        for (int axis : new int[] {0, 2}) {
            Run run = run(calibratedThen(r -> r.spike(64, -1.0, axis).cruise(2)), SyntheticRide.Orientation.DASHCAM);
            assertThat(run.alerts).as("spike on world axis %d", axis).isEmpty();
        }
    }

    @Test
    void phoneHandlingIsNotABrakeAndALaterBrakeIsStillFound() {
        // 60 degrees of pitch over 1.5 s reads like 0.87 g of horizontal acceleration at its height.
        Run handled = run(calibratedThen(r -> r.handle(1.5, 60).cruise(4)), SyntheticRide.Orientation.DASHCAM);
        assertThat(handled.alerts).isEmpty();
        assertThat(handled.state.axisSource()).isEqualTo("carried over a handling");

        Run braked = run(calibratedThen(r -> r.handle(1.5, 60).cruise(4).accelerate(2, -0.45)), SyntheticRide.Orientation.DASHCAM);
        HarshBrakingAlert alert = single(braked.alerts);
        assertThat(alert.startTime() - SyntheticRide.T0).isBetween(68_500L, 69_000L);
        assertThat(alert.peakDecelG()).isCloseTo(0.45, within(0.05));
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
    void aPhoneTurnedTwentyFiveDegreesAndLeftSoIsNotABrake() {
        // Pitched 25 degrees, the phone reads 0.42 g "horizontally" for good, as a long brake would, but on the sphere:
        // its vertical reading drops by 1 - cos 25° = 0.094 g.
        Run run = run(calibratedThen(r -> r.handle(1.0, 25).cruise(8)), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.alerts).isEmpty();
        assertThat(run.state.axisSource()).isEqualTo("carried over a handling");
    }

    @Test
    void aTurnIsNotABrake() {
        // A turn's 0.4 g point sideways: outside the 45 degree cone around backward once the axis is fitted.
        Run run = run(calibratedThen(r -> r.accelerateSideways(3, 0.4)), SyntheticRide.Orientation.flatTurned(30));
        assertThat(run.state.calibrated()).isTrue();
        assertThat(run.alerts).isEmpty();
    }

    @Test
    void accelerationIsNotABrake() {
        Run run = run(calibratedThen(r -> r.accelerate(2, 0.4)), SyntheticRide.Orientation.flatTurned(30));
        assertThat(run.alerts).isEmpty();
    }

    @Test
    void stateSurvivesItsStoreFormatMidEvent() {
        // Serialise the state at every record, in the middle of a brake too: the same alerts as without.
        SyntheticRide ride = calibratedThen(r -> r.accelerate(2, -0.45));
        Run plain = run(ride, SyntheticRide.Orientation.DASHCAM);
        DetectorState state = new DetectorState();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        for (SensorReading r : ride.readings("r", SyntheticRide.Orientation.DASHCAM, 7)) {
            state = DetectorState.fromBytes(state.toBytes());
            List<BrakingOutput> out = r instanceof LocationFix f ? detector.onFix(state, f)
                    : detector.onSample(state, (AccelerationSample) r);
            out.stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
        }
        assertThat(alerts).isEqualTo(plain.alerts).hasSize(1);
        assertThat(state.toBytes()).isEqualTo(plain.state.toBytes());
    }

    @Test
    void aStateInAnotherFormatIsAClearError() {
        byte[] bytes = new DetectorState().toBytes();
        bytes[0] = 99;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectorState.fromBytes(bytes))
                .hasMessageContaining("unknown format 99");
    }

    @Test
    void mildBrakingIsNotHarsh() {
        Run run = run(calibratedThen(r -> r.accelerate(3, -0.2)), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.alerts).isEmpty();
    }

    /**
     * A gravity estimate left off by something the GPS calls steady driving (here the phone tipping 8° forward in
     * its mount over 2 s, 4 s before; a grade left behind or part of a long gentle acceleration taken in look the same)
     * makes a 0.25 g brake read 0.33 g. No fix comes during or after the brake (a GPS outage), so only the interval
     * between fixes before it can show the error: the reading there says the car was slowing by ~0.07 g, the GPS
     * speeds say it was not. A 0.40 g brake on the same road is still a brake.
     */
    @Test
    void aMildBrakeReadAgainstAGravityTheGpsShowedOffBeforeItIsNotHarsh() {
        java.util.function.DoubleFunction<List<SensorReading>> ride = g -> calibratedThen(
                r -> r.handle(2, 8).cruise(4).accelerate(3, -g)).readings("r", SyntheticRide.Orientation.DASHCAM, 7)
                .stream().filter(x -> !(x instanceof LocationFix) || x.eventTime() < SyntheticRide.T0 + 69_000).toList();

        Run mild = run(ride.apply(0.25));
        Run harsh = run(ride.apply(0.40));

        assertThat(mild.state.calibrated()).isTrue();
        assertThat(mild.digests.get(mild.digests.size() - 1)).as("the reading before the brake over-reads")
                .isGreaterThan(0.05);
        assertThat(mild.alerts).isEmpty();
        assertThat(single(harsh.alerts).peakDecelG()).isGreaterThan(0.40);
    }

    /**
     * The phone stops sending samples one second into a brake while the GPS goes on: the open event is decided at the
     * first fix 1.5 s after the last sample, on what it has, and the GPS-only path is open again for the next brake
     * (before, the event stayed open for the rest of the ride and held the GPS-only path back).
     */
    @Test
    void aBrakeIsStillDecidedWhenThePhoneStopsSendingSamplesAndTheGpsTakesOver() {
        List<SensorReading> readings = calibratedThen(r -> r.accelerate(2, -0.45).cruise(5).accelerate(2, -0.45))
                .readings("r", SyntheticRide.Orientation.DASHCAM, 7).stream()
                .filter(x -> x instanceof LocationFix || x.eventTime() <= SyntheticRide.T0 + 64_000).toList();

        Run run = run(readings);

        assertThat(run.alerts).extracting(HarshBrakingAlert::source).containsExactly("accelerometer", "gps");
        HarshBrakingAlert first = run.alerts.get(0);
        assertThat(first.startTime() - SyntheticRide.T0).isBetween(63_000L, 63_400L);
        assertThat(first.endTime() - SyntheticRide.T0).isEqualTo(64_000L);
        assertThat(first.peakDecelG()).isCloseTo(0.45, within(0.03));
        assertThat(run.alerts.get(1).startTime() - SyntheticRide.T0).isGreaterThan(69_000L);
    }

    @Test
    void brakingBelowFiveMetresPerSecondIsIgnored() {
        Run run = run(new SyntheticRide().from(4).cruise(5).accelerate(1, -0.4).cruise(5), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.alerts).isEmpty();
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
     * so there is no horizontal axis to read the brake along, and the GPS speed drop (15 → 7 m/s in 2 s) decides. A turn
     * as strong, which loses no speed, stays no brake.
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

    @Test
    void gpsOnlyPathAlertsWhenTheAccelerometerSeesNothing() {
        DetectorState state = new DetectorState();
        List<BrakingOutput> out = new ArrayList<>();
        out.addAll(detector.onFix(state, new LocationFix(0, null, "r", "u", 0, 40.7, -73.9, "g", 20, 5, SyntheticRide.T0)));
        out.addAll(detector.onFix(state, new LocationFix(2, null, "r", "u", 0, 40.7, -73.9, "g", 11, 5, SyntheticRide.T0 + 2_000)));

        HarshBrakingAlert alert = out.stream().filter(BrakingOutput::isAlert).map(BrakingOutput::alert).findFirst().orElseThrow();
        assertThat(alert.source()).isEqualTo("gps");
        assertThat(alert.peakDecelG()).isCloseTo(4.5 / BrakingDetector.G, within(1e-9));
        assertThat(alert.speedBefore()).isEqualTo(20.0);
        assertThat(alert.speedAfter()).isEqualTo(11.0);
    }

    @Test
    void everyFixEmitsTheLargestDecelerationSinceThePreviousOne() {
        Run run = run(calibratedThen(r -> r.accelerate(2, -0.4)), SyntheticRide.Orientation.DASHCAM);

        double peak = run.digests.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(peak).isCloseTo(0.4, within(0.03));
    }

    private record Run(DetectorState state, List<HarshBrakingAlert> alerts, List<Double> digests) {
    }

    private Run run(SyntheticRide ride, SyntheticRide.Orientation orientation) {
        return run(ride.readings("r", orientation, 7));
    }

    private Run run(List<SensorReading> readings) {
        DetectorState state = new DetectorState();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        List<Double> digests = new ArrayList<>();
        for (SensorReading r : readings) {
            List<BrakingOutput> out = r instanceof LocationFix f ? detector.onFix(state, f)
                    : detector.onSample(state, (AccelerationSample) r);
            for (BrakingOutput o : out) {
                if (o.isAlert()) {
                    alerts.add(o.alert());
                } else {
                    digests.add(o.peakDecelSinceLastFixG());
                }
            }
        }
        return new Run(state, alerts, digests);
    }

    private static HarshBrakingAlert single(List<HarshBrakingAlert> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }
}
