package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.braking.BrakingDetectorFixtures.calibratedThen;
import static org.fleetstreams.braking.BrakingDetectorFixtures.run;
import static org.fleetstreams.braking.BrakingDetectorFixtures.single;

import java.util.List;
import java.util.function.DoubleFunction;
import org.fleetstreams.braking.BrakingDetectorFixtures.Run;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/** Not a harsh brake: turns, spikes, a phone handled or turned, acceleration, mild braking, braking below 5 m/s. */
class BrakingDetectorNotABrakeTest {

    /** A long, tight turn (a motorway interchange: 0.35 g sideways for 12 s, speed unchanged) is still no brake. */
    @Test
    void aTwelveSecondTurnIsNotABrake() {
        for (SyntheticRide.Orientation o : List.of(SyntheticRide.Orientation.DASHCAM,
                SyntheticRide.Orientation.flatTurned(30))) {
            Run run = run(calibratedThen(r -> r.accelerateSideways(12, 0.35)), o);
            assertThat(run.alerts).as("%s", o).isEmpty();
        }
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
        DoubleFunction<List<SensorReading>> ride = g -> calibratedThen(
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

    @Test
    void brakingBelowFiveMetresPerSecondIsIgnored() {
        Run run = run(new SyntheticRide().from(4).cruise(5).accelerate(1, -0.4).cruise(5), SyntheticRide.Orientation.DASHCAM);
        // control: the same brake from 8 m/s is one (so the speed is what the first is ignored for)
        Run control = run(new SyntheticRide().from(8).cruise(5).accelerate(1, -0.4).cruise(5), SyntheticRide.Orientation.DASHCAM);

        assertThat(run.alerts).isEmpty();
        assertThat(single(control.alerts).speedBefore()).isCloseTo(8, within(1.0));
    }
}
