package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/**
 * {@link JoinFrontier}: the latest pair the acknowledged records make per partition, as the course's join defines a
 * pair (one ride, a sample and a fix at most 2 s apart, the pair's time the later of the two), fed in publishing order.
 */
class JoinFrontierTest {

    private static final long T = 1_503_878_400_000L;
    private static final long NONE = Long.MIN_VALUE;
    private static final long DIFFERENCE_MS = 2_000;

    private final JoinFrontier frontier = new JoinFrontier(DIFFERENCE_MS);

    @Test
    void fixesAloneOrSamplesAloneMakeNoPair() {
        for (long t = 0; t <= 10_000; t += 1_000) {
            fix("gps-only", 0, T + t);
        }
        for (long t = 0; t <= 10_000; t += 20) {
            sample("samples-only", 0, T + t);
        }
        assertThat(frontier.latest()).containsExactly(NONE);
    }

    @Test
    void burstsOfSamplesPairInSpansAndThePausesBetweenThemAreNotToBeWritten() {
        // The real data's shape: a fix every 3 s, 50 Hz samples in bursts of 1 s every 4 s (0-1 s, 4-5 s, 8-9 s).
        for (long t = 0; t <= 9_000; t += 20) {
            if (t % 3_000 == 0) {
                fix("ride", 1, T + t);
            }
            if (t % 4_000 <= 1_000) {
                sample("ride", 1, T + t);
            }
        }
        // Pairs: 0-1 s (with the fix at 0), the fix at 3 s with the samples at 1 s (its time, 3 s), 4-5 s (with the fix
        // at 3), the fix at 6 s with the samples at 4-5 s (6 s), the sample at 8 s with the fix at 6 s (8 s), and the
        // fix at 9 s with the samples at 8-9 s (9 s): spans 0-1, 3, 4-5, 6, 8, 9 s.
        assertThat(frontier.latest()).containsExactly(NONE, T + 9_000);
        assertThat(frontier.unwrittenFrom(1, NONE)).isEqualTo(T); // nothing written: from the first pair
        assertThat(frontier.unwrittenFrom(1, T + 500)).isEqualTo(T + 500); // inside a span: from there
        assertThat(frontier.unwrittenFrom(1, T + 1_000)).isEqualTo(T + 3_000); // at a span's end: the next span
        assertThat(frontier.unwrittenFrom(1, T + 7_000)).isEqualTo(T + 8_000); // in a pause: the next span
        assertThat(frontier.unwrittenFrom(1, T + 9_000)).isEqualTo(Long.MAX_VALUE); // all written
        assertThat(frontier.unwrittenFrom(0, NONE)).isEqualTo(Long.MAX_VALUE); // no pairs at all
        assertThat(frontier.unwrittenFrom(7, NONE)).isEqualTo(Long.MAX_VALUE); // nothing published
    }

    @Test
    void aPauseUpToTheLimitIsLagAndOneBeyondItIsNot() {
        fix("a", 0, T);
        sample("a", 0, T);
        sample("a", 0, T + JoinFrontier.PAUSE_MS); // still one span
        sample("a", 0, T + 2 * JoinFrontier.PAUSE_MS + 1); // a new one
        assertThat(frontier.unwrittenFrom(0, T)).isEqualTo(T);
        assertThat(frontier.unwrittenFrom(0, T + JoinFrontier.PAUSE_MS)).isEqualTo(T + 2 * JoinFrontier.PAUSE_MS + 1);
    }

    @Test
    void recordsToldOfOutOfOrderPairAsTheJoinPairsThem() {
        // The broker acknowledged the fix at 4.5 s before the samples at 4.0-4.48 s (another partition's batch). The
        // app pairs those samples with the fix at 3 s (at their own times) and with the fix at 4.5 s (at 4.5 s): one
        // span from 3 s on, no pause.
        fix("a", 0, T + 3_000);
        for (long t = 3_000; t < 4_000; t += 20) {
            sample("a", 0, T + t);
        }
        fix("a", 0, T + 4_500);
        for (long t = 4_000; t < 4_500; t += 20) {
            sample("a", 0, T + t);
        }
        assertThat(frontier.latest()).containsExactly(T + 4_500);
        assertThat(frontier.unwrittenFrom(0, T + 3_980)).isEqualTo(T + 3_980); // inside the span, not a pause

        // A later sample told of before an earlier fix: the fix pairs with it at the sample's time.
        sample("b", 0, T + 10_000);
        fix("b", 0, T + 9_000);
        assertThat(frontier.latest()).containsExactly(T + 10_000);
    }

    @Test
    void spansTheAppHasWrittenAreLetGoAndTheLatestIsKept() {
        fix("a", 0, T);
        sample("a", 0, T); // span at 0
        sample("a", 0, T + 1_000); // span at 1 s
        sample("a", 0, T + 1_900); // span at 1.9 s
        assertThat(frontier.unwrittenFrom(0, T + 1_000)).isEqualTo(T + 1_900);
        assertThat(frontier.unwrittenFrom(0, T + 1_900)).isEqualTo(Long.MAX_VALUE);
        assertThat(frontier.latest()).containsExactly(T + 1_900);
        // The spans before were let go: a smaller "written" now finds only the one kept (documented: it only moves on).
        assertThat(frontier.unwrittenFrom(0, T)).isEqualTo(T + 1_900);
    }

    @Test
    void aPairIsAtTheLaterOfItsTwoRecordsAndNoFurtherApartThanTheJoinsDifference() {
        sample("a", 0, T);
        fix("a", 0, T + 2_001); // 2.001 s after the sample: no pair
        assertThat(frontier.latest()).containsExactly(NONE);
        sample("a", 0, T + 2_500);
        assertThat(frontier.latest()).containsExactly(T + 2_500);
        fix("a", 0, T + 4_500); // exactly 2 s after the last sample: a pair, at the fix's time
        assertThat(frontier.latest()).containsExactly(T + 4_500);
    }

    @Test
    void onlyRecordsOfOneRidePair() {
        // Two rides in one partition: one has the fixes, the other the samples.
        fix("a", 2, T);
        sample("b", 2, T + 20);
        fix("a", 2, T + 1_000);
        sample("b", 2, T + 1_020);
        assertThat(frontier.latest()).containsExactly(NONE, NONE, NONE);
        sample("a", 2, T + 1_040);
        assertThat(frontier.latest()).containsExactly(NONE, NONE, T + 1_040);
    }

    private void fix(String ride, int partition, long time) {
        frontier.acknowledged(SensorKind.LOCATIONS, partition, ride.getBytes(StandardCharsets.UTF_8), time);
    }

    private void sample(String ride, int partition, long time) {
        frontier.acknowledged(SensorKind.ACCELERATIONS, partition, ride.getBytes(StandardCharsets.UTF_8), time);
    }
}
