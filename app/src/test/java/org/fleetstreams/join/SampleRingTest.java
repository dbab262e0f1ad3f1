package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The join's ring of samples against its definition, a plain list in arrival order: after any mix of samples (in
 * order, late, early, repeated times) and forgetting, a scan hands out exactly the list's samples within the range,
 * in the list's order, and forgets exactly what the list forgets (every sample older than the time, wherever it is:
 * one stamped far ahead must not keep the later ones).
 */
class SampleRingTest {

    private record Sample(long t, double x, double y, double z) {
    }

    @Test
    void scansAndForgetsAsAListInArrivalOrderWould() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            SampleRing ring = new SampleRing();
            List<Sample> list = new ArrayList<>();
            int disorderPerMille = (int) (seed % 4) * 10; // 0, 1 %, 2 %, 3 % of samples late, as many early
            long clock = 1_000;
            for (int step = 0; step < 3_000; step++) {
                int op = random.nextInt(100);
                if (op < 80) {
                    clock += random.nextInt(3) * 10; // 50 Hz, with repeated times
                    int draw = random.nextInt(1000);
                    long t = draw < disorderPerMille ? clock - random.nextInt(5_000) // late
                            : draw < 2 * disorderPerMille ? clock + random.nextInt(5_000) : clock; // early
                    Sample s = new Sample(t, random.nextDouble(), -random.nextDouble(), step);
                    ring.add(s.t, s.x, s.y, s.z);
                    list.add(s);
                } else if (op < 90) {
                    long before = clock - random.nextInt(8_000);
                    ring.forgetBefore(before);
                    list.removeIf(s -> s.t < before);
                } else {
                    long at = clock - random.nextInt(6_000);
                    long from = at - 2_000;
                    long to = at + 2_000;
                    List<Sample> found = new ArrayList<>();
                    ring.forEachWithin(from, to, (t, x, y, z) -> found.add(new Sample(t, x, y, z)));
                    assertThat(found).as("seed %d step %d", seed, step)
                            .isEqualTo(list.stream().filter(s -> s.t >= from && s.t <= to).toList());
                }
                assertThat(ring.size()).isEqualTo(list.size());
                if (!list.isEmpty()) {
                    assertThat(ring.firstTime()).isEqualTo(list.get(0).t);
                }
                assertThat(ring.earliest()).isEqualTo(list.stream().mapToLong(Sample::t).min().orElse(Long.MAX_VALUE));
            }
        }
    }

    @Test
    void growsPastItsFirstSizeWhileWrappedAround() {
        SampleRing ring = new SampleRing();
        for (int t = 0; t < 10; t++) {
            ring.add(t, t, 0, 0);
        }
        ring.forgetBefore(8); // the head moves on: the next samples wrap around the first arrays
        for (int t = 10; t < 100; t++) {
            ring.add(t, t, 0, 0);
        }
        List<Long> times = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        ring.forEachWithin(0, 1_000, (t, x, y, z) -> {
            times.add(t);
            xs.add(x);
        });
        assertThat(times).containsExactlyElementsOf(LongStream.range(8, 100).boxed().toList());
        assertThat(xs).containsExactlyElementsOf(LongStream.range(8, 100).mapToObj(t -> (double) t).toList());
    }
}
