package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/** The live view's "app behind" line, and the partition it measures. */
class AppLagTest {

    private static final long NONE = Long.MIN_VALUE;
    private static final long T = 1_503_878_400_000L;
    private static final long[] NO_LOOK = new long[0];
    /** Pairs without a pause from T on, in every partition: the unwritten ones begin where the app has got. */
    private static final AppLag.Unwritten PAIRS_FROM_T = (p, written) -> Math.max(written, T);

    @Test
    void recordsAndSecondsOfEventTimeBehindTheReplay() {
        assertThat(AppLag.line(312, 400)).isEqualTo("app behind  312 records  0.4 s event time");
        assertThat(AppLag.line(12_345, 10_000)).isEqualTo("app behind  12,345 records  10.0 s event time");
        assertThat(AppLag.line(AppLag.UNKNOWN, 0)).isEqualTo("app behind  ? records  0.0 s event time");
    }

    @Test
    void theRunsLooksAreSummedUpAsPercentiles() {
        // Ten looks at 0.1 .. 1.0 s, in the order they came: the median is the 5th, the 90th percentile the 9th.
        List<Long> looks = List.of(400L, 100L, 1_000L, 300L, 200L, 900L, 500L, 800L, 600L, 700L);
        assertThat(AppLag.summary(looks, 500)).isEqualTo("app behind during the live replay (10 looks, about one every 0.5 s):"
                + " p50 0.5 s, p90 0.9 s, max 1.0 s of event time");
        assertThat(AppLag.summary(List.of(4_300L), 500)).endsWith("p50 4.3 s, p90 4.3 s, max 4.3 s of event time");
        assertThat(AppLag.summary(List.of(), 500)).isEmpty();
    }

    @Test
    void thePartitionFurthestBehindSetsTheFigure() {
        // Partition 0 is current; partition 1's joined output trails the pairs published there by 2.5 s. The latest
        // joined record over all partitions (partition 0's) would say 0.1 s.
        long[] published = {T + 10_000, T + 10_000};
        long[] joined = {T + 9_900, T + 7_500};

        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, PAIRS_FROM_T)).isEqualTo(2_500);
    }

    @Test
    void eachPartitionIsComparedWithItsOwnPairs() {
        // Partition 1's pairs stopped at T + 4 s (its rides ended) and the app has written all of them: not behind,
        // although the replay elsewhere is at T + 10 s.
        long[] published = {T + 10_000, T + 4_000};
        long[] joined = {T + 9_800, T + 4_000};

        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, PAIRS_FROM_T)).isEqualTo(200);
    }

    @Test
    void anAppAheadOfTheLatestAcknowledgedPairIsNotBehind() {
        assertThat(AppLag.behindMillis(new long[] {T + 1_000}, new long[] {T + 1_200}, NO_LOOK, PAIRS_FROM_T)).isZero();
    }

    @Test
    void aPartitionWithoutOutputYetIsBehindByEveryPairPublishedThere() {
        long[] published = {T + 10_000, T + 10_000};
        assertThat(AppLag.behindMillis(published, new long[] {T + 9_800, NONE}, NO_LOOK, PAIRS_FROM_T)).isEqualTo(10_000);
    }

    @Test
    void timeWithoutPairsIsNotCounted() {
        // What JoinFrontier says for the real data: partition 1's pairs begin 49.5 s into the replay, and partition
        // 0's last burst of samples began at T + 53 s, after a 2 s pause in which nothing paired. The app has written
        // partition 0 up to the pause and nothing of partition 1: behind by the 0.5 s of pairs since each began, not by
        // 2.5 s and 50 s (the replay's first record at T) as measured against the latest record published.
        long[] published = {T + 53_500, T + 50_000};
        long[] joined = {T + 51_000, NONE};
        AppLag.Unwritten realData = (p, written) -> p == 0 ? Math.max(written, T + 53_000) : Math.max(written, T + 49_500);

        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, realData)).isEqualTo(500);
    }

    @Test
    void withTheFrontierOfARealReplay() {
        // Bursts of 1 s every 4 s in partition 0 (fix every 3 s), the app's joined output at the end of the first burst,
        // then in the second burst, then all written; the group's look with no lag stands in once.
        JoinFrontier frontier = new JoinFrontier(2_000);
        byte[] ride = "r".getBytes(StandardCharsets.UTF_8);
        for (long t = 0; t <= 5_000; t += 20) {
            if (t % 3_000 == 0) {
                frontier.acknowledged(SensorKind.LOCATIONS, 0, ride, T + t);
            }
            if (t % 4_000 <= 1_000) {
                frontier.acknowledged(SensorKind.ACCELERATIONS, 0, ride, T + t);
            }
        }
        long[] published = frontier.latest(); // the last pair: the sample at 5 s with the fix at 3 s
        assertThat(published).containsExactly(T + 5_000);
        // Written to the end of the first burst (1 s): the next pairs are the fix at 3 s (with the samples at 1 s) on.
        assertThat(AppLag.behindMillis(published, new long[] {T + 1_000}, NO_LOOK, frontier::unwrittenFrom))
                .isEqualTo(2_000);
        assertThat(AppLag.behindMillis(published, new long[] {T + 4_600}, NO_LOOK, frontier::unwrittenFrom))
                .isEqualTo(400);
        assertThat(AppLag.behindMillis(published, new long[] {T + 4_600}, new long[] {T + 5_000},
                frontier::unwrittenFrom)).isZero();
    }

    @Test
    void aPartitionWithEveryPairWrittenOrNonePublishedIsNotBehind() {
        // Partition 2's rides have no GPS fix (or only fixes, between their samples): nothing pairs there, which says
        // nothing about the app's pace; the record lag shows whether it has read them.
        long[] published = {T + 10_000, T + 10_000, NONE};
        long[] joined = {T + 9_600, T + 9_700, NONE};
        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, PAIRS_FROM_T)).isEqualTo(400);

        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, (p, written) -> Long.MAX_VALUE)).isZero();
    }

    @Test
    void nothingPublishedIsNothingBehind() {
        assertThat(AppLag.behindMillis(new long[0], new long[0], NO_LOOK, PAIRS_FROM_T)).isZero();
        assertThat(AppLag.behindMillis(new long[] {NONE}, new long[] {T}, NO_LOOK, PAIRS_FROM_T)).isZero();
    }

    @Test
    void aPartitionWithoutLagIsWhereItsPairsWereWhenKafkaWasAsked() {
        // The group has read and committed all of partition 1, whose joined output is at T + 6 s: the app has got as
        // far as the pairs published before the look (T + 10 s), whatever the tally has read of its output so far.
        long[] published = {T + 10_000, T + 10_000};
        long[] joined = {T + 9_900, T + 6_000};
        long[] caughtUp = AppLag.caughtUp(NO_LOOK, published, Map.of(
                new TopicPartition("bdd-locations", 1), 0L, new TopicPartition("bdd-accelerations", 1), 0L,
                new TopicPartition("bdd-locations", 0), 0L, new TopicPartition("bdd-accelerations", 0), 12L));

        assertThat(caughtUp).containsExactly(NONE, T + 10_000);
        assertThat(AppLag.behindMillis(published, joined, NO_LOOK, PAIRS_FROM_T)).isEqualTo(4_000);
        assertThat(AppLag.behindMillis(published, joined, caughtUp, PAIRS_FROM_T)).isEqualTo(100);
        // Published since the look: behind by that much at most, not more.
        long[] later = {T + 10_500, T + 10_700};
        assertThat(AppLag.behindMillis(later, joined, caughtUp, PAIRS_FROM_T)).isEqualTo(700);
    }

    @Test
    void aLaggingPartitionKeepsWhatAnEarlierLookFound() {
        long[] first = AppLag.caughtUp(NO_LOOK, new long[] {T + 1_000}, Map.of(new TopicPartition("in", 0), 0L));
        long[] second = AppLag.caughtUp(first, new long[] {T + 2_000, T + 2_000},
                Map.of(new TopicPartition("in", 0), 5L, new TopicPartition("in", 1), 3L));

        assertThat(second).containsExactly(T + 1_000, NONE);
    }
}
