package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link RoadOverlays#forces} gives, bit for bit, the forces its old scan of every overlay gave ({@link OldScan},
 * kept here as it was), at every 10 ms step of long rides whose overlays overlap and come out of order.
 */
class RoadOverlaysTest {

    private static final double DT = 0.01; // PhysicsCar's step, and its t = step * DT

    /** RoadOverlays as it was before it skipped the overlays that are over: every overlay at every step. */
    private static final class OldScan {

        private final List<double[]> overlays = new ArrayList<>();

        void pothole(double at, double magnitude, double width) {
            overlays.add(new double[] {at, magnitude, 0, width});
        }

        void bump(double at, double magnitude, double width) {
            overlays.add(new double[] {at, magnitude, 1, width});
        }

        double[] forces(double t, double v) {
            double[] f = new double[3];
            for (double[] o : overlays) {
                double s = t - o[0];
                if (s < 0 || s > 1.5) {
                    continue;
                }
                double m = o[1];
                if (o[2] == 0) {
                    double w = o[3];
                    f[2] += s < 0.03 ? -0.4 * m : s < 0.03 + w ? m
                            : 0.3 * m * Math.exp(-(s - 0.03 - w) / 0.35) * Math.sin(2 * Math.PI * 2 * (s - 0.03 - w));
                    f[0] += s >= 0.03 && s < 0.07 ? -0.35 * m : s >= 0.07 && s < 0.11 ? 0.2 * m : 0;
                } else {
                    double w = o[3];
                    double rear = 2.7 / Math.max(v, 2);
                    if (s < w) {
                        f[2] += m * Math.sin(Math.PI * s / w);
                        f[0] -= 0.1 * m * Math.sin(Math.PI * s / w);
                    } else if (s >= rear && s < rear + w) {
                        f[2] += 0.8 * m * Math.sin(Math.PI * (s - rear) / w);
                    }
                }
            }
            return f;
        }
    }

    /**
     * As PhysicsDriver does, overlays are added during the ride, 0.5–7.5 s ahead of the time they are added at, so
     * that some start before ones added earlier; now and then two or three at once, so that they overlap. The car's
     * speed wanders from 0 to 30 m/s (a bump's rear axle comes later the slower it goes).
     */
    @Test
    void theForcesAreTheOldScansBitForBitAtEveryStepOfLongRides() {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            RoadOverlays road = new RoadOverlays();
            OldScan old = new OldScan();
            List<Double> starts = new ArrayList<>();
            double v = 10;
            double nextAdd = 1;
            int outOfOrder = 0;
            int stepsWithTwo = 0;
            int stepsWithThree = 0;
            for (long step = 0; step * DT < 3600; step++) {
                double t = step * DT;
                if (t >= nextAdd) {
                    int n = rnd.nextDouble() < 0.15 ? 2 + rnd.nextInt(2) : 1;
                    for (int k = 0; k < n; k++) {
                        double at = t + 0.5 + rnd.nextDouble() * 7;
                        double m = 0.3 + rnd.nextDouble();
                        double width = 0.03 + rnd.nextDouble() * 0.27;
                        if (rnd.nextBoolean()) {
                            road.pothole(at, m, width);
                            old.pothole(at, m, width);
                        } else {
                            road.bump(at, m, width);
                            old.bump(at, m, width);
                        }
                        outOfOrder += !starts.isEmpty() && at < starts.get(starts.size() - 1) ? 1 : 0;
                        starts.add(at);
                    }
                    nextAdd = t + 0.5 + rnd.nextDouble() * 7.5;
                }
                v = Math.max(0, Math.min(30, v + rnd.nextGaussian() * 0.3));

                assertThat(road.forces(t, v)).as("seed %d, t = %s, v = %s", seed, t, v).isEqualTo(old.forces(t, v));

                long live = starts.stream().filter(s -> t - s >= 0 && t - s <= 1.5).count();
                stepsWithTwo += live >= 2 ? 1 : 0;
                stepsWithThree += live >= 3 ? 1 : 0;
            }
            assertThat(starts).as("seed %d", seed).hasSizeGreaterThan(800);
            assertThat(outOfOrder).as("seed %d: overlays starting before the one added before them", seed)
                    .isGreaterThan(100);
            assertThat(stepsWithTwo).as("seed %d: steps with overlapping overlays", seed).isGreaterThan(1000);
            assertThat(stepsWithThree).as("seed %d: steps with three overlapping", seed).isGreaterThan(10);
        }
    }

    @Test
    void aTimeGoingBackIsRefused() {
        RoadOverlays road = new RoadOverlays();
        road.pothole(1, 1, 0.04);
        assertThat(road.forces(1.05, 10)[2]).isEqualTo(1.0);

        assertThatThrownBy(() -> road.forces(1.04, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("went back from 1.05 to 1.04");
    }
}
