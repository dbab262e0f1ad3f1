package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class AxisCalibrationTest {

    private static final double[] FORWARD = {1, 0, 0};

    /**
     * The phone lies flat (gravity on +z), the car's forward is +x in the phone. A handling turned the phone and the
     * axis was carried along with gravity: that keeps its tilt right but not its heading (a turn about the vertical
     * moves no gravity), so here it points 60° off. Then the car gains speed at {@code g} for 2 s, two GPS fixes apart.
     */
    private static DetectorState carriedThenGaining(double g) {
        DetectorState s = new DetectorState();
        s.gravity.g = new double[] {0, 0, 1};
        s.axis.source = ForwardAxis.STALE;
        s.axis.forward = new double[] {0.5, Math.sqrt(0.75), 0};
        long t0 = 100_000;
        s.fits.onFix(t0, 0, 0, false, false);
        for (long t = t0 + 20; t <= t0 + 2_000; t += 20) {
            s.fits.onSample(t, new double[] {g, 0, 0}, 0.02);
        }
        s.fits.onFix(t0 + 2_000, g, 2.0, true, false);
        AxisCalibration.calibrate(s, BrakingConfig.defaults());
        return s;
    }

    @Test
    void aSpeedChangeTheGpsSawAfterAHandlingGivesTheHeadingTheCarriedAxisOnlyGuessed() {
        DetectorState s = carriedThenGaining(0.10); // 2 m/s gained: a clear direction
        assertThat(s.axis.source).isEqualTo(ForwardAxis.PROVISIONAL);
        assertThat(Vectors.angleDeg(s.axis.forward, FORWARD)).isLessThan(5);
    }

    @Test
    void aSpeedChangeWithinTheGpsNoiseLeavesTheCarriedAxis() {
        DetectorState s = carriedThenGaining(0.03); // 0.6 m/s over 2 s: two speeds' noise is ~0.3 m/s
        assertThat(s.axis.source).isEqualTo(ForwardAxis.STALE);
        assertThat(Vectors.angleDeg(s.axis.forward, FORWARD)).isCloseTo(60, Assertions.within(1e-6));
    }
}
