package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/** The BrakingDetector tests' rides and fixes, and a ride run through a detector of the default configuration. */
final class BrakingDetectorFixtures {

    private BrakingDetectorFixtures() {
    }

    /** What the detector made of a ride: its state after the last reading, its alerts, every fix's digest. */
    static final class Run {
        final DetectorState state;
        final List<HarshBrakingAlert> alerts;
        final List<Double> digests;

        Run(DetectorState state, List<HarshBrakingAlert> alerts, List<Double> digests) {
            this.state = state;
            this.alerts = alerts;
            this.digests = digests;
        }
    }

    /** 15 m/s, 60 s of ±0.1 g changes to calibrate, then the manoeuvre under test, then cruising. */
    static SyntheticRide calibratedThen(UnaryOperator<SyntheticRide> manoeuvre) {
        return manoeuvre.apply(new SyntheticRide().from(15).wiggle(60, 0.1).cruise(3)).cruise(6);
    }

    static LocationFix gpsFix(long atMs, double speed) {
        return new LocationFix(atMs / 1000.0, null, "r", "u", 0, 40.7, -73.9, "dr5r", speed, 5,
                SyntheticRide.T0 + atMs);
    }

    static LocationFix withSpeed(LocationFix f, double speed) {
        return new LocationFix(f.offset(), f.id(), f.rideId(), f.uuid(), f.course(), f.latitude(), f.longitude(),
                f.geohash(), speed, f.accuracy(), f.eventTime());
    }

    static Run run(SyntheticRide ride, SyntheticRide.Orientation orientation) {
        return run(ride.readings("r", orientation, 7));
    }

    /** The readings through a new detector of the default configuration (it keeps no state of its own). */
    static Run run(List<SensorReading> readings) {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
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

    static HarshBrakingAlert single(List<HarshBrakingAlert> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0);
    }
}
