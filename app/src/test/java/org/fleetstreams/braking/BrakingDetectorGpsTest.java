package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.braking.BrakingDetectorFixtures.calibratedThen;
import static org.fleetstreams.braking.BrakingDetectorFixtures.gpsFix;
import static org.fleetstreams.braking.BrakingDetectorFixtures.run;
import static org.fleetstreams.braking.BrakingDetectorFixtures.single;
import static org.fleetstreams.braking.BrakingDetectorFixtures.withSpeed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fleetstreams.braking.BrakingDetectorFixtures.Run;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/** The GPS side: fixes out of order or with spikes or unknown speeds, and the GPS alone when the samples stop. */
class BrakingDetectorGpsTest {

    private final BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());

    /**
     * A fix older than the last one (out of order, past the merge) must not move the detector back in time: the next
     * fix would pair with it, and a late fix 10 m/s faster reads as a 4 m/s² GPS-only brake that never happened (10 m/s
     * over the 2.5 s to the next fix; the control, the same drop in order over 1.5 s, is 6.7 m/s²).
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

    /**
     * A long brake seen by the GPS alone (no samples: a ride without an accelerometer), 3.5 m/s² for 6 s, is one alert.
     * Before, each later interval counted as covered only by the alert's own end, which did not move: the fourth
     * interval was past it and alerted again.
     */
    @Test
    void aLongBrakeSeenByTheGpsAloneIsOneAlert() {
        List<BrakingOutput> out = fixesEverySecond(detector, new DetectorState(), 25, 25, 25, 21.5, 18, 14.5, 11, 7.5, 4, 4, 4);
        assertThat(out.stream().filter(BrakingOutput::isAlert).map(BrakingOutput::alert).toList())
                .singleElement().satisfies(a -> assertThat(a.source()).isEqualTo(HarshBrakingAlert.GPS));
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
        Arrays.fill(speeds, speed);
        return speeds;
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

    /**
     * One fix whose speed is wrong (0 m/s from a receiver that reports 0 for "no speed", or a multipath jump) in a
     * cruise at 15 m/s, fixes every second, while the accelerometer streams the cruise: a car cannot lose 15 m/s in a
     * second with its phone reading nothing, so no GPS-only brake. The same fixes with the phone silent (it sends
     * nothing) are one: the setup can alert, and only the samples tell it apart.
     */
    @Test
    void aFixWithAWrongSpeedIsNoBrakeWhileTheAccelerometerStreamsACruise() {
        List<SensorReading> ride = calibratedThen(r -> r.cruise(10)).readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long wrongAt = ride.stream().filter(r -> r instanceof LocationFix && r.eventTime() >= SyntheticRide.T0 + 65_000)
                .mapToLong(SensorReading::eventTime).findFirst().orElseThrow();
        List<SensorReading> withWrongFix = ride.stream()
                .map(r -> r instanceof LocationFix f && f.eventTime() == wrongAt ? withSpeed(f, 0) : r).toList();
        List<SensorReading> phoneSilent = withWrongFix.stream().filter(r -> r instanceof LocationFix).toList();

        assertThat(run(phoneSilent).alerts).as("the GPS alone reads a brake").singleElement()
                .satisfies(a -> assertThat(a.source()).isEqualTo("gps"));
        assertThat(run(withWrongFix).alerts).isEmpty();
    }

    /**
     * The GPS-only path alone (enter.g at 5 g: no accelerometer event ever opens) on a real 0.6 g brake of 1.4 s from
     * 15 m/s, 10.2 s into a ride, fixes every 2 s (4.1 m/s² between the fixes at 10 and 12 s): with the phone streaming
     * at 50 Hz, the accelerometer reads the deceleration and denies nothing. With the phone silent from 10.1 to 11.7 s,
     * the sample after the gap stands in for it in the integral and reads a cruise; a gap denies nothing either.
     */
    @Test
    void theAccelerometerDeniesNoRealBrakeItSawOrMissedInAGap() {
        BrakingDetector gpsOnly = new BrakingDetector(BrakingConfig.defaults().withThresholds(5.0, 4.9));
        List<SensorReading> ride = new SyntheticRide().from(15).cruise(10.2).accelerate(1.4, -0.6).cruise(6)
                .readings("r", SyntheticRide.Orientation.DASHCAM, 7).stream()
                .filter(r -> !(r instanceof LocationFix) || (r.eventTime() - SyntheticRide.T0) % 2_000 == 0).toList();
        List<SensorReading> withGap = ride.stream().filter(r -> r instanceof LocationFix
                || r.eventTime() <= SyntheticRide.T0 + 10_100 || r.eventTime() >= SyntheticRide.T0 + 11_700).toList();

        for (List<SensorReading> readings : List.of(ride, withGap)) {
            DetectorState state = new DetectorState();
            List<HarshBrakingAlert> alerts = new ArrayList<>();
            for (SensorReading r : readings) {
                (r instanceof LocationFix f ? gpsOnly.onFix(state, f) : gpsOnly.onSample(state, (AccelerationSample) r))
                        .stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
            }
            assertThat(alerts).as(readings == ride ? "streaming" : "silent through the brake").singleElement()
                    .satisfies(a -> {
                        assertThat(a.source()).isEqualTo("gps");
                        assertThat(a.endTime() - SyntheticRide.T0).as("the fix at 12 s, less the GPS lag (0-1.5 s)")
                                .isBetween(10_500L, 12_000L);
                    });
        }
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
}
