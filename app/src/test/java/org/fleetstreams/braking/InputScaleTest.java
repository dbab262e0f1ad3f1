package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;

/**
 * Readings the detector must not take at face value: a phone that reports m/s² (gravity reads 9.8, every motion 9.8
 * times too strong), one NaN reading through the direct API, and a detector with no speed gate
 * ({@code min.speed.mps} 0) on a ride whose GPS never gives a speed. Drives from {@link PhysicsDrive}.
 */
class InputScaleTest {

    /** 15 m/s on a rough road (0.05 g of vibration per axis, a 0.08 g bump read as 0.8 "g"), then a 0.2 g slowing. */
    private static PhysicsDrive roughRide() {
        return new PhysicsDrive(15, 60).noise(0.05).fixes(1, 1, 0.1).jolt(20, 0.3, -0.08).brake(40, 3, 0.2);
    }

    @Test
    void aPhoneReportingMetresPerSecondSquaredGivesNoAlertAndIsFlagged() {
        for (long seed = 1; seed <= 3; seed++) {
            BrakingDetectorFixtures.Run inG = BrakingDetectorFixtures.run(roughRide().readings(seed));
            assertThat(inG.alerts).as("in g, seed %d", seed).isEmpty();
            assertThat(inG.state.gravityOffScale()).isFalse();

            BrakingDetectorFixtures.Run inMps2 = BrakingDetectorFixtures.run(roughRide().inMetresPerSecondSquared().readings(seed));
            assertThat(inMps2.alerts).as("in m/s², seed %d", seed).isEmpty();
            assertThat(inMps2.state.gravityOffScale()).isTrue();
            assertThat(inMps2.state.gravityG()).isCloseTo(BrakingDetector.G, org.assertj.core.api.Assertions.within(0.3));
            assertThat(inMps2.digests).allSatisfy(d -> assertThat(d).isLessThan(0.1));
        }
    }

    @Test
    void oneNanReadingDoesNotPoisonTheRide() {
        List<SensorReading> readings = new ArrayList<>();
        for (SensorReading r : new PhysicsDrive(20, 85).calibrateFirst(60).fixes(1, 1, 0.1).brake(70, 1.5, 0.5).readings(1)) {
            readings.add(r);
            if (r instanceof AccelerationSample a && Math.abs(a.offset() - 30) < 0.01) {
                readings.add(new AccelerationSample(a.offset() + 0.001, null, "r", "u", Double.NaN, a.y(), a.z(),
                        a.eventTime() + 1));
            }
        }
        BrakingDetectorFixtures.Run run = BrakingDetectorFixtures.run(readings);
        assertThat(run.alerts).hasSize(1);
        assertThat(run.state.gravityG()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.05));
        assertThat(run.digests).allSatisfy(d -> assertThat(d).isFinite());
    }

    /** min.speed.mps 0: a 0.5 g brake is an alert though every fix has speed −1; its speed before is not known. */
    @Test
    void noSpeedGateAlertsWithoutAnyGpsSpeed() {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.from(Map.of("braking.min.speed.mps", "0")));
        DetectorState state = new DetectorState();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        for (SensorReading r : new PhysicsDrive(15, 20).fixes(1, 1, 0).unknownSpeedBetween(0, 20).brake(10, 1.5, 0.5)
                .readings(1)) {
            List<BrakingOutput> out = r instanceof LocationFix f ? detector.onFix(state, f)
                    : detector.onSample(state, (AccelerationSample) r);
            out.stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
        }
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).speedBefore()).isNull();
        assertThat(alerts.get(0).peakDecelG()).isBetween(0.4, 0.6);
    }

    private static List<HarshBrakingAlert> noGateAlerts(PhysicsDrive drive, long seed) {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.from(Map.of("braking.min.speed.mps", "0")));
        DetectorState state = new DetectorState();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        for (SensorReading r : drive.readings(seed)) {
            List<BrakingOutput> out = r instanceof LocationFix f ? detector.onFix(state, f)
                    : detector.onSample(state, (AccelerationSample) r);
            out.stream().filter(BrakingOutput::isAlert).forEach(o -> alerts.add(o.alert()));
        }
        return alerts;
    }

    /**
     * min.speed.mps 0, no GPS speed: a 0.5 g brake of 3 s (10-13 s) that the driver eases to 0.1 g for 0.4 s in the
     * middle (under leave.g for a moment) is one brake, resumed within the merge gap: one alert about 3 s long. The
     * speed left was NaN without a GPS speed, so the event never resumed and the first part was decided alone.
     */
    @Test
    void noSpeedGateABrakeThatEasesForAMomentIsOneAlert() {
        for (long seed = 1; seed <= 3; seed++) {
            PhysicsDrive drive = new PhysicsDrive(20, 25).fixes(1, 1, 0).unknownSpeedBetween(0, 25).brake(10, 3, 0.5)
                    .plus(t -> t >= 11.3 && t < 11.7 ? 0.4 : 0);
            List<HarshBrakingAlert> alerts = noGateAlerts(drive, seed);
            assertThat(alerts).as("seed %d", seed).hasSize(1);
            assertThat(alerts.get(0).durationMs()).as("seed %d", seed).isGreaterThan(2_500L);
        }
    }
}
