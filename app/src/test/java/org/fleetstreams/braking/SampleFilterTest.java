package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The despike step is the per-axis median of the last five samples (fewer at the start), by definition. */
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
}
