package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The despike step is the per-axis median of the last five samples (fewer at the start), by definition; of the last
 * three on a phone sampling every 0.15 s or slower, and none on one sampling every 0.3 s or slower.
 */
class SampleFilterTest {

    @Test
    void despikeIsTheMedianOfTheLastFiveSamplesPerAxis() {
        SplittableRandom random = new SplittableRandom(23);
        double[] values = {0.0, -0.0, 1.0, -1.0, 0.5, 0.5, 16.0, -16.0};
        SampleFilter filter = new SampleFilter();
        List<double[]> seen = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            double[] sample = new double[3];
            for (int axis = 0; axis < 3; axis++) {
                // Ties and signed zeros often, so the order among equal values matters as Arrays.sort's would.
                sample[axis] = random.nextInt(3) == 0 ? values[random.nextInt(values.length)] : random.nextDouble(-2, 2);
            }
            seen.add(sample);
            double[] median = filter.despike(sample[0], sample[1], sample[2]);
            List<double[]> last = seen.subList(Math.max(0, seen.size() - 5), seen.size());
            for (int axis = 0; axis < 3; axis++) {
                double[] v = new double[last.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = last.get(i)[axis];
                }
                Arrays.sort(v);
                double expected = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                assertThat(Double.doubleToRawLongBits(median[axis])).as("sample %d axis %d", n, axis)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
            }
        }
    }

    @Test
    void aRidesFirstFourSamplesGiveTheMedianOfWhatThereIs() {
        SplittableRandom random = new SplittableRandom(29);
        double[] values = {0.0, -0.0, 1.0, -1.0, 0.5, 16.0};
        for (int ride = 0; ride < 20_000; ride++) {
            SampleFilter filter = new SampleFilter();
            List<double[]> seen = new ArrayList<>();
            for (int n = 1; n <= 4; n++) {
                double[] sample = new double[3];
                for (int axis = 0; axis < 3; axis++) {
                    sample[axis] = random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextDouble(-2, 2);
                }
                seen.add(sample);
                double[] median = filter.despike(sample[0], sample[1], sample[2]);
                for (int axis = 0; axis < 3; axis++) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = seen.get(i)[axis];
                    }
                    Arrays.sort(v);
                    double expected = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
                    assertThat(Double.doubleToRawLongBits(median[axis])).as("ride %d sample %d axis %d", ride, n, axis)
                            .isEqualTo(Double.doubleToRawLongBits(expected));
                }
            }
        }
    }

    /**
     * A 5 Hz phone: a brake two samples long (0.4 s of 0.5 g) is kept by the median of three, which five samples
     * (0.8 s) removed; a one-sample jolt is still removed. A 2 Hz phone: one sample of a brake is the brake.
     */
    @Test
    void aSlowPhonesSamplesAreDespikedOverAsLittleTime() {
        SampleFilter fiveHz = new SampleFilter();
        List<Double> out = new ArrayList<>();
        double[] forward = {0, 0, 0, 0, 0, -0.5, -0.5, 0, 0, 0, 0, -0.9, 0, 0, 0};
        for (double g : forward) {
            out.add(fiveHz.despike(g, 0, 1, 0.2)[0]);
        }
        assertThat(out.subList(5, 8)).containsExactly(0.0, -0.5, -0.5);
        assertThat(out.subList(11, 14)).containsOnly(0.0);

        SampleFilter twoHz = new SampleFilter();
        List<Double> slow = new ArrayList<>();
        for (double g : new double[] {0, 0, 0, -0.5, 0, 0}) {
            slow.add(twoHz.despike(g, 0, 1, 0.5)[0]);
        }
        assertThat(slow.get(3)).isEqualTo(-0.5);
    }

    /**
     * A 50 Hz phone that paused for a second (the BDD data's rides pause about once a second): the first sample after
     * the pause is despiked over the last five as before, so a jolt there is still removed; only two long intervals in
     * a row make a slow phone.
     */
    @Test
    void aPauseOfAFastPhoneIsNotASlowPhone() {
        SampleFilter filter = new SampleFilter();
        for (int i = 0; i < 10; i++) {
            filter.despike(0, 0, 1, 0.02);
        }
        assertThat(filter.despike(-0.9, 0, 1, 1.0)[0]).isZero();
        assertThat(filter.despike(0, 0, 1, 0.02)[0]).isZero();
    }
}
