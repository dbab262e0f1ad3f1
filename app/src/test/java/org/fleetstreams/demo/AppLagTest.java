package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live view's "app behind" line, and the partition it measures. */
class AppLagTest {

    private static final long NONE = Long.MIN_VALUE;
    private static final long T = 1_503_878_400_000L;

    @Test
    void recordsAndSecondsOfEventTimeBehindTheReplay() {
        assertThat(AppLag.line(312, 400)).isEqualTo("app behind  312 records  0.4 s event time");
        assertThat(AppLag.line(12_345, 10_000)).isEqualTo("app behind  12,345 records  10.0 s event time");
        assertThat(AppLag.line(AppLag.UNKNOWN, 0)).isEqualTo("app behind  ? records  0.0 s event time");
    }

    @Test
    void thePartitionFurthestBehindSetsTheFigure() {
        // Partition 0 is current; partition 1's joined output trails its input by 2.5 s. The latest joined record
        // over all partitions (partition 0's) would say 0.1 s.
        long[] published = {T + 10_000, T + 10_000};
        long[] joined = {T + 9_900, T + 7_500};

        assertThat(AppLag.behindMillis(published, joined, T)).isEqualTo(2_500);
    }

    @Test
    void eachPartitionIsComparedWithItsOwnInput() {
        // Partition 1's input stopped at T + 4 s (its rides ended) and the app has written all of it: not behind,
        // although the replay elsewhere is at T + 10 s.
        long[] published = {T + 10_000, T + 4_000};
        long[] joined = {T + 9_800, T + 4_000};

        assertThat(AppLag.behindMillis(published, joined, T)).isEqualTo(200);
    }

    @Test
    void anAppAheadOfTheLatestAcknowledgedRecordIsNotBehind() {
        assertThat(AppLag.behindMillis(new long[] {T + 1_000}, new long[] {T + 1_200}, T)).isZero();
    }

    @Test
    void beforeItsFirstJoinedRecordTheAppIsBehindByEverythingPublished() {
        assertThat(AppLag.behindMillis(new long[] {T + 3_000, T + 2_000}, new long[0], T)).isEqualTo(3_000);
        assertThat(AppLag.behindMillis(new long[] {T + 3_000, T + 2_000}, new long[] {NONE, NONE}, T)).isEqualTo(3_000);
    }

    @Test
    void aPartitionWithoutJoinedOutputIsLeftOutOnceAnotherHasSome() {
        // Partition 2's rides have no GPS fix: they never pair, which says nothing about the app's pace.
        long[] published = {T + 10_000, T + 10_000, T + 10_000};
        long[] joined = {T + 9_600, T + 9_700, NONE};

        assertThat(AppLag.behindMillis(published, joined, T)).isEqualTo(400);
    }

    @Test
    void nothingPublishedIsNothingBehind() {
        assertThat(AppLag.behindMillis(new long[0], new long[0], NONE)).isZero();
        assertThat(AppLag.behindMillis(new long[] {NONE}, new long[] {T}, NONE)).isZero();
    }
}
