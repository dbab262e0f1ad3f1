package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.junit.jupiter.api.Test;

/**
 * Gravity is held while the GPS sees the speed change (a pull-away would otherwise be taken into it), for at most
 * {@link FixIntervals#MAX_FREEZE_S} s: over longer, speed being bounded, the mean reading is gravity. The limit must hold
 * when no new pair of fixes comes to lift the hold: a tunnel, fixes with unknown speed.
 */
class GravityHoldTest {

    private static final long T0 = SyntheticRide.T0;

    private static LocationFix fix(double atS, double speed) {
        return new LocationFix(atS, null, "r", "u", 0, 40.7, -73.9, "dr5r", speed, 5, T0 + Math.round(atS * 1000));
    }

    /**
     * 10 then 13 m/s a second apart (3 m/s², a change: gravity held), then 60 s of fixes with unknown speed; the phone
     * slips 10° about its x axis between 5 and 7 s. Before, the hold was lifted only by the next pair of fixes with
     * speeds, which never came: gravity stayed where the phone had been, 0.17 g off for the rest of the ride (a 0.15 g
     * brake would read about 0.32 g).
     */
    @Test
    void gravityIsNotHeldLongerThanTheLimitWhenNoFixWithASpeedComes() {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
        DetectorState s = new DetectorState();
        double[] reading = null;
        int nextFix = 0;
        for (int k = 0; k <= 60 * 50; k++) {
            double t = k / 50.0;
            while (nextFix <= 61 && nextFix <= t) {
                detector.onFix(s, fix(nextFix, nextFix == 0 ? 10 : nextFix == 1 ? 13 : -1));
                nextFix++;
            }
            double tilt = Math.toRadians(10) * Math.min(1, Math.max(0, (t - 5) / 2));
            reading = new double[] {0, -Math.cos(tilt), Math.sin(tilt)};
            detector.onSample(s, new AccelerationSample(t, null, "r", "u", reading[0], reading[1], reading[2],
                    T0 + Math.round(t * 1000)));
        }
        assertThat(s.gravity.frozenSince).as("the 3 m/s² interval held gravity").isNotZero();
        assertThat(Vectors.distance(s.gravity.g, reading)).as("gravity's distance from the phone's steady reading, g")
                .isLessThan(0.02);
    }
}
