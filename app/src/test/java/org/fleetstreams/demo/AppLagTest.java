package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The live view's "app behind" line, and the partition it measures. */
class AppLagTest {

    private static final long NONE = Long.MIN_VALUE;
    private static final long T = 1_503_878_400_000L;
    private static final long[] NO_LOOK = new long[0];

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
        // Partition 0 is current; partition 1's joined output trails its input by 2.5 s. The latest joined record
        // over all partitions (partition 0's) would say 0.1 s.
        long[] published = {T + 10_000, T + 10_000};
        long[] joined = {T + 9_900, T + 7_500};

        assertThat(AppLag.behindMillis(published, published, joined, NO_LOOK, T)).isEqualTo(2_500);
    }

    @Test
    void eachPartitionIsComparedWithItsOwnInput() {
        // Partition 1's input stopped at T + 4 s (its rides ended) and the app has written all of it: not behind,
        // although the replay elsewhere is at T + 10 s.
        long[] published = {T + 10_000, T + 4_000};
        long[] joined = {T + 9_800, T + 4_000};

        assertThat(AppLag.behindMillis(published, published, joined, NO_LOOK, T)).isEqualTo(200);
    }

    @Test
    void anAppAheadOfTheLatestAcknowledgedRecordIsNotBehind() {
        long[] published = {T + 1_000};
        assertThat(AppLag.behindMillis(published, published, new long[] {T + 1_200}, NO_LOOK, T)).isZero();
    }

    @Test
    void aPartitionWithFixesButNoOutputYetIsBehindByEverythingPublished() {
        long[] published = {T + 3_000, T + 2_000};
        long[] gps = {T + 2_500, T + 1_000};
        assertThat(AppLag.behindMillis(published, gps, new long[0], NO_LOOK, T)).isEqualTo(3_000);
        // Partition 0 has written its first pairs; partition 1 (with fixes) has not: it is still behind by all of it.
        assertThat(AppLag.behindMillis(new long[] {T + 10_000, T + 10_000}, new long[] {T + 9_000, T + 9_500},
                new long[] {T + 9_800, NONE}, NO_LOOK, T)).isEqualTo(10_000);
    }

    @Test
    void aPartitionWithoutFixesAndWithoutOutputIsLeftOut() {
        // Partition 2's rides have no GPS fix: they never pair, which says nothing about the app's pace.
        long[] published = {T + 10_000, T + 10_000, T + 10_000};
        long[] gps = {T + 9_000, T + 9_000, NONE};
        long[] joined = {T + 9_600, T + 9_700, NONE};

        assertThat(AppLag.behindMillis(published, gps, joined, NO_LOOK, T)).isEqualTo(400);
    }

    @Test
    void nothingPublishedIsNothingBehind() {
        assertThat(AppLag.behindMillis(new long[0], new long[0], new long[0], NO_LOOK, Long.MAX_VALUE)).isZero();
        assertThat(AppLag.behindMillis(new long[] {NONE}, new long[] {NONE}, new long[] {T}, NO_LOOK, Long.MAX_VALUE))
                .isZero();
    }

    @Test
    void aPartitionWithoutLagIsWhereItsInputWasWhenKafkaWasAsked() {
        // The real data's end: partition 1's last rides have samples but no GPS fix, so its joined output stopped
        // 4 s before its input; the group has read and committed all of it.
        long[] published = {T + 10_000, T + 10_000};
        long[] joined = {T + 9_900, T + 6_000};
        long[] caughtUp = AppLag.caughtUp(NO_LOOK, published, Map.of(
                new TopicPartition("bdd-locations", 1), 0L, new TopicPartition("bdd-accelerations", 1), 0L,
                new TopicPartition("bdd-locations", 0), 0L, new TopicPartition("bdd-accelerations", 0), 12L));

        assertThat(caughtUp).containsExactly(NONE, T + 10_000);
        assertThat(AppLag.behindMillis(published, published, joined, NO_LOOK, T)).isEqualTo(4_000);
        assertThat(AppLag.behindMillis(published, published, joined, caughtUp, T)).isEqualTo(100);
        // Published since the look: behind by that much at most, not more.
        long[] later = {T + 10_500, T + 10_700};
        assertThat(AppLag.behindMillis(later, later, joined, caughtUp, T)).isEqualTo(700);
    }

    @Test
    void aLaggingPartitionKeepsWhatAnEarlierLookFound() {
        long[] first = AppLag.caughtUp(NO_LOOK, new long[] {T + 1_000}, Map.of(new TopicPartition("in", 0), 0L));
        long[] second = AppLag.caughtUp(first, new long[] {T + 2_000, T + 2_000},
                Map.of(new TopicPartition("in", 0), 5L, new TopicPartition("in", 1), 3L));

        assertThat(second).containsExactly(T + 1_000, NONE);
    }
}
