package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleetstreams.common.HarshBrakingAlert;
import org.junit.jupiter.api.Test;

/**
 * Two harsh brakes close together (a driver braking twice in traffic): a car at 20 m/s decelerating at 0.45 g for
 * 1 s, coasting, and braking again. Less than {@code merge.gap.s} (2 s) apart they may be one alert, at least that
 * far apart they are two, and never none. The drives come from {@link PhysicsDrive}: the speed the GPS reports is
 * the integral of the deceleration, a lag earlier.
 */
class CloseBrakesTest {

    private static List<HarshBrakingAlert> alerts(PhysicsDrive drive, long seed) {
        return BrakingDetectorFixtures.run(drive.readings(seed)).alerts;
    }

    /**
     * Fixes every 4 s, no fitted axis yet: the first brake (3.0-4.0 s) waits past the merge gap for a fix, and the
     * second (6.5-7.5 s, 2.5 s after the first ends) came while it waited. It was merged into the first, and the GPS
     * deceleration over the merged span, coast included (about 0.23 g), vetoed both.
     */
    @Test
    void twoBrakesTwoAndAHalfSecondsApartWhileTheFirstWaitsForAFixAreTwoAlerts() {
        for (double lag : new double[] {0, 1}) {
            for (long seed = 1; seed <= 4; seed++) {
                PhysicsDrive drive = new PhysicsDrive(20, 20).fixes(4, lag, 0.2).brake(3.0, 1, 0.45).brake(6.5, 1, 0.45);
                List<HarshBrakingAlert> alerts = alerts(drive, seed);
                assertThat(alerts).as("lag %s s, seed %d", lag, seed).hasSize(2);
                assertThat(alerts.get(0).startTime() - SyntheticRide.T0).isBetween(2_700L, 3_500L);
                assertThat(alerts.get(1).startTime() - SyntheticRide.T0).isBetween(6_200L, 7_000L);
                assertThat(alerts).allSatisfy(a -> assertThat(a.peakDecelG()).isBetween(0.38, 0.55));
            }
        }
    }

    /**
     * A fitted axis, 1 Hz fixes lagging 1 s, two brakes 1.5 s apart (70-71 s and 72.5-73.5 s): one event by the merge
     * gap. A fix whose speed describes the coast measured the merged span as a 0.2 g deceleration and vetoed it.
     */
    @Test
    void twoBrakesUnderTheMergeGapApartOnAFittedAxisAreAtLeastOneAlert() {
        for (double first : new double[] {70, 70.5}) {
            for (double apart : new double[] {1.3, 1.5, 1.7, 1.9}) {
                for (long seed = 1; seed <= 2; seed++) {
                    PhysicsDrive drive = new PhysicsDrive(20, 85).calibrateFirst(60).fixes(1, 1, 0.2)
                            .brake(first, 1, 0.45).brake(first + 1 + apart, 1, 0.45);
                    assertThat(alerts(drive, seed)).as("first %s s, %s s apart, seed %d", first, apart, seed)
                            .isNotEmpty().allSatisfy(a -> assertThat(a.peakDecelG()).isBetween(0.38, 0.55));
                }
            }
        }
    }

    /** The same 0.45 g brakes 2.5 s apart on the fitted axis: two alerts. */
    @Test
    void twoBrakesTwoAndAHalfSecondsApartOnAFittedAxisAreTwoAlerts() {
        for (long seed = 1; seed <= 4; seed++) {
            PhysicsDrive drive = new PhysicsDrive(20, 85).calibrateFirst(60).fixes(1, 1, 0.2)
                    .brake(70, 1, 0.45).brake(73.5, 1, 0.45);
            assertThat(alerts(drive, seed)).as("seed %d", seed).hasSize(2);
        }
    }

    /** Slower fixes (every 3 s, 1 s lag) and no fitted axis: brakes 1.5 s apart are still at least one alert. */
    @Test
    void twoBrakesOneAndAHalfSecondsApartWithSlowFixesAreAtLeastOneAlert() {
        for (long seed = 1; seed <= 4; seed++) {
            PhysicsDrive drive = new PhysicsDrive(20, 20).fixes(3, 1, 0.2).brake(3.0, 1, 0.45).brake(5.5, 1, 0.45);
            assertThat(alerts(drive, seed)).as("seed %d", seed).isNotEmpty();
        }
    }
}
