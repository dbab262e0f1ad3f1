package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.fleetstreams.braking.BrakingDetectorFixtures.calibratedThen;
import static org.fleetstreams.braking.BrakingDetectorFixtures.gpsFix;
import static org.fleetstreams.braking.BrakingDetectorFixtures.run;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.fleetstreams.braking.BrakingDetectorFixtures.Run;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/** The detector's state: gravity kept whole through zero readings, its bytes mid-event, a format it does not know. */
class BrakingDetectorStateTest {

    private final BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());

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
        Assertions.assertThatThrownBy(() -> DetectorState.fromBytes(bytes))
                .hasMessageContaining("unknown format 99");
    }
}
