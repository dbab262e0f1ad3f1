package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.braking.BrakingDetectorFixtures.calibratedThen;
import static org.fleetstreams.braking.BrakingDetectorFixtures.gpsFix;
import static org.fleetstreams.braking.BrakingDetectorFixtures.run;
import static org.fleetstreams.braking.BrakingDetectorFixtures.single;

import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/**
 * Where an alert is pinned: at the ride's latest fix, but never at 0°, 0°, which some devices send when they have no
 * fix (the overview does not draw it either). Such a fix still counts as a fix of the ride; the alert keeps the place
 * the ride last had, or none when it never had one.
 */
class AlertPlaceTest {

    private final BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());

    private static LocationFix atZeroZero(LocationFix f) {
        return new LocationFix(f.offset(), f.id(), f.rideId(), f.uuid(), f.course(), 0, 0, f.geohash(), f.speed(),
                f.accuracy(), f.eventTime());
    }

    /** 25 m/s for 10 s, then 15 m/s half a second later: a 2 g drop the GPS alone alerts on. */
    private List<HarshBrakingAlert> gpsBrake(boolean everyFixAtZeroZero, boolean lastFixAtZeroZero) {
        DetectorState state = new DetectorState();
        List<BrakingOutput> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            LocationFix f = gpsFix(i * 1_000L, 25);
            out.addAll(detector.onFix(state, everyFixAtZeroZero ? atZeroZero(f) : f));
        }
        LocationFix last = gpsFix(10_500, 15);
        out.addAll(detector.onFix(state, lastFixAtZeroZero ? atZeroZero(last) : last));
        return out.stream().filter(BrakingOutput::isAlert).map(BrakingOutput::alert).toList();
    }

    @Test
    void aGpsAlertIsPinnedAtItsFix() {
        HarshBrakingAlert alert = single(gpsBrake(false, false));
        assertThat(alert.latitude()).isEqualTo(40.7);
        assertThat(alert.longitude()).isEqualTo(-73.9);
    }

    @Test
    void aGpsAlertWhoseFixIsAtZeroZeroKeepsTheRidesLastPlace() {
        HarshBrakingAlert alert = single(gpsBrake(false, true));
        assertThat(alert.latitude()).isEqualTo(40.7);
        assertThat(alert.longitude()).isEqualTo(-73.9);
    }

    @Test
    void aGpsAlertOfARideNeverPlacedHasNoPlace() {
        HarshBrakingAlert alert = single(gpsBrake(true, true));
        assertThat(alert.latitude()).isNull();
        assertThat(alert.longitude()).isNull();
    }

    @Test
    void anAccelerometerAlertOfARideWhoseFixesAreAtZeroZeroHasNoPlace() {
        List<SensorReading> readings = calibratedThen(r -> r.accelerate(2, -0.45))
                .readings("r", SyntheticRide.Orientation.DASHCAM, 7).stream()
                .map(r -> r instanceof LocationFix f ? (SensorReading) atZeroZero(f) : r).toList();
        HarshBrakingAlert alert = single(run(readings).alerts);
        assertThat(alert.source()).isEqualTo(HarshBrakingAlert.ACCELEROMETER);
        assertThat(alert.latitude()).isNull();
        assertThat(alert.longitude()).isNull();
    }
}
