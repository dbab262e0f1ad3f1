package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.fleetstreams.common.HarshBrakingAlert;
import org.junit.jupiter.api.Test;

/**
 * An alert's deceleration figures: along the fitted forward axis when the event lies along it, else the horizontal
 * magnitude. A brake the GPS confirmed against a fitted axis that disagrees (a first fit can be off, even reversed)
 * reads near zero or negative along that axis; its alert must still report the deceleration the phone measured.
 */
class AccelerometerAlertTest {

    private final BrakeDecision decision = new BrakeDecision(BrakingConfig.defaults());

    @Test
    void anEventAlongTheAxisIsReportedAlongIt() {
        DetectorState s = braked(new double[] {0, -1, 0}, 0.45, 0.40);
        HarshBrakingAlert alert = AccelerometerAlert.of(s, "r", decision);
        assertThat(alert.peakDecelG()).isCloseTo(0.45, within(1e-9));
        assertThat(alert.meanDecelG()).isCloseTo(0.40, within(1e-9));
    }

    @Test
    void anEventAcrossTheAxisIsReportedByItsHorizontalMagnitude() {
        // the brake pointed along the phone's -x, the fitted axis says forward is +y: 90 degrees off
        DetectorState s = braked(new double[] {-1, 0, 0}, 0.02, -0.01);
        HarshBrakingAlert alert = AccelerometerAlert.of(s, "r", decision);
        assertThat(alert.peakDecelG()).isCloseTo(0.5, within(1e-9));
        assertThat(alert.meanDecelG()).isCloseTo(0.45, within(1e-9));
        assertThat(alert.severity()).isEqualTo(HarshBrakingAlert.severityOf(0.5));
    }

    @Test
    void anEventAgainstAReversedAxisIsReportedByItsHorizontalMagnitude() {
        // the brake pointed along -y, as a brake does when forward is +y; the axis was fitted the wrong way round
        DetectorState s = braked(new double[] {0, -1, 0}, -0.45, -0.40);
        s.axis.forward = new double[] {0, -1, 0};
        s.event.forward = new double[] {0, -1, 0};
        HarshBrakingAlert alert = AccelerometerAlert.of(s, "r", decision);
        assertThat(alert.peakDecelG()).isCloseTo(0.5, within(1e-9));
        assertThat(alert.meanDecelG()).isCloseTo(0.45, within(1e-9));
    }

    /**
     * A calibrated phone (gravity along z, forward fitted along +y throughout the event) and an event pointing along
     * {@code direction}, with a horizontal peak of 0.5 g (mean 0.45) and the given figures along the axis.
     */
    private static DetectorState braked(double[] direction, double peakLon, double meanLon) {
        DetectorState s = new DetectorState();
        s.gravity.g = new double[] {0, 0, 1};
        s.axis.source = ForwardAxis.CALIBRATED;
        s.axis.forward = new double[] {0, 1, 0};
        BrakeEvent e = s.event;
        e.calibrated = true;
        e.forward = new double[] {0, 1, 0};
        e.h = direction.clone();
        e.start = SyntheticRide.T0;
        e.end = SyntheticRide.T0 + 1_500;
        e.count = 75;
        e.peakH = 0.5;
        e.sumH = 0.45 * e.count;
        e.peakLon = peakLon;
        e.sumLon = meanLon * e.count;
        e.speedBefore = 15;
        return s;
    }
}
