package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fleetstreams.common.HarshBrakingAlert;
import org.junit.jupiter.api.Test;

/**
 * A brake is a deceleration the car holds. A sustained 0.27 g brake (under {@code enter.g}, 0.30 g) is no harsh
 * brake, whatever a short jolt on top of it (a pothole: 0.1 s of 0.6-0.9 g more) or the phone's noise (0.05 g per
 * axis, a car's vibration) does to single readings; a 0.35 g brake of 0.5 s still is. Drives
 * from {@link PhysicsDrive} on a fitted axis (60 s of ±0.1 g first), 1 Hz fixes lagging 1 s.
 */
class SustainedBrakeTest {

    private static PhysicsDrive fitted() {
        return new PhysicsDrive(20, 85).calibrateFirst(60).fixes(1, 1, 0.1);
    }

    private static List<HarshBrakingAlert> accelerometerAlerts(PhysicsDrive drive, long seed) {
        return BrakingDetectorFixtures.run(drive.readings(seed)).alerts.stream()
                .filter(a -> a.source().equals("accelerometer")).toList();
    }

    @Test
    void aPotholeJoltDuringAMildBrakeIsNoHarshBrake() {
        for (double jolt : new double[] {0.6, 0.9}) {
            for (double at : new double[] {71, 72.5}) {
                for (long seed = 1; seed <= 3; seed++) {
                    PhysicsDrive drive = fitted().brake(70, 4, 0.27).jolt(at, 0.1, -jolt);
                    assertThat(accelerometerAlerts(drive, seed)).as("jolt %s g at %s s, seed %d", jolt, at, seed).isEmpty();
                }
            }
        }
    }

    @Test
    void aMildBrakeReadThroughNoiseIsNoHarshBrake() {
        for (long seed = 1; seed <= 12; seed++) {
            PhysicsDrive drive = fitted().noise(0.05).brake(70, 5, 0.27);
            assertThat(accelerometerAlerts(drive, seed)).as("seed %d", seed).isEmpty();
        }
    }

    /**
     * A brake of the smallest size the evaluation counts (0.35 g for 0.5 s between 0.2 s ramps), and a 0.4 g one held
     * for min.duration.s (0.3 s), both read through the same noise, still alert.
     */
    @Test
    void harshBrakesOfTheMinimumSizeStillAlert() {
        for (double[] brake : new double[][] {{0.5, 0.35}, {0.3, 0.4}}) {
            for (long seed = 1; seed <= 6; seed++) {
                PhysicsDrive drive = fitted().noise(0.05).brake(70, brake[0], brake[1]);
                assertThat(accelerometerAlerts(drive, seed)).as("%s g for %s s, seed %d", brake[1], brake[0], seed)
                        .hasSize(1);
            }
        }
    }

    /** A harsh brake with a pothole jolt in it is still one alert. */
    @Test
    void aHarshBrakeWithAJoltInItStillAlerts() {
        for (long seed = 1; seed <= 3; seed++) {
            PhysicsDrive drive = fitted().brake(70, 2, 0.4).jolt(71, 0.1, -0.9);
            assertThat(accelerometerAlerts(drive, seed)).as("seed %d", seed).hasSize(1);
        }
    }

    /**
     * The rule at other sample rates (10 Hz, 100 Hz, and 10 Hz and 50 Hz with intervals off by up to ±40%): a 0.40 g
     * brake of 1 s through 0.05 g of noise alerts; a sustained 0.27 g brake with a 0.9 g pothole jolt in it, or read
     * through that noise, does not. (Jolt and noise together on a 0.27 g brake alert now and then at 50 Hz too.)
     * At 10 Hz the 0.3 s window held 3 readings: the noise penalty (2 standard errors of a median of 3, about 0.07 g)
     * made the threshold about 0.37 g.
     */
    @Test
    void theRuleHoldsAtTenToAHundredHertz() {
        for (double[] rate : new double[][] {{10, 0}, {100, 0}, {10, 0.4}, {50, 0.4}}) {
            for (long seed = 1; seed <= 6; seed++) {
                PhysicsDrive harsh = fitted().sampling(rate[0], rate[1]).noise(0.05).brake(70, 1, 0.40);
                assertThat(accelerometerAlerts(harsh, seed)).as("0.40 g, %s Hz ±%s, seed %d", rate[0], rate[1], seed)
                        .hasSize(1);
                PhysicsDrive jolted = fitted().sampling(rate[0], rate[1]).brake(70, 4, 0.27).jolt(72, 0.1, -0.9);
                assertThat(accelerometerAlerts(jolted, seed)).as("0.27 g + jolt, %s Hz ±%s, seed %d", rate[0], rate[1], seed)
                        .isEmpty();
                PhysicsDrive noisy = fitted().sampling(rate[0], rate[1]).noise(0.05).brake(70, 5, 0.27);
                assertThat(accelerometerAlerts(noisy, seed)).as("0.27 g in noise, %s Hz ±%s, seed %d", rate[0], rate[1], seed)
                        .isEmpty();
            }
        }
    }
}
