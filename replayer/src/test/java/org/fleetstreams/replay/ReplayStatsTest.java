package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/** What the producer callbacks leave in {@link ReplayStats}: the count, and each input record for its listener. */
class ReplayStatsTest {

    private static final byte[] KEY = "ride-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRecordWithoutAPartitionOrOfAnotherTopicIsCountedOnly() {
        List<Long> heard = new ArrayList<>();
        ReplayStats stats = new ReplayStats(new RowSkips(), (kind, partition, key, eventTime) -> heard.add(eventTime));
        stats.onAcknowledged(SensorKind.LOCATIONS, -1, KEY, 5_000);
        stats.onAcknowledged(null, 0, KEY, 5_000);
        assertThat(stats.acknowledged()).isEqualTo(2);
        assertThat(heard).isEmpty();
    }

    @Test
    void theListenerHearsOfEveryAcknowledgedInputRecordWithItsKey() {
        List<String> heard = new ArrayList<>();
        ReplayStats stats = new ReplayStats(new RowSkips(), (kind, partition, key, eventTime) ->
                heard.add(kind + " " + partition + " " + new String(key, StandardCharsets.UTF_8) + " " + eventTime));
        stats.onAcknowledged(SensorKind.LOCATIONS, 1, KEY, 4_000);
        stats.onAcknowledged(SensorKind.ACCELERATIONS, 3, "ride-2".getBytes(StandardCharsets.UTF_8), 4_020);
        stats.onAcknowledged(null, 0, KEY, 5_000); // a record of another topic: counted only

        assertThat(heard).containsExactly("LOCATIONS 1 ride-1 4000", "ACCELERATIONS 3 ride-2 4020");
        assertThat(stats.acknowledged()).isEqualTo(3);
    }

    @Test
    void theSummaryCountsSkippedRowsAndNullsReadAsUnknownApart() {
        RowSkips skips = new RowSkips();
        skips.add(SensorKind.LOCATIONS, "null longitude");
        skips.addUnknown(SensorKind.LOCATIONS, "speed");
        skips.addUnknown(SensorKind.LOCATIONS, "speed");
        ReplayStats stats = new ReplayStats(skips);

        String summary = ReplaySummary.format(stats, Topics.withPrefix("t"), 1, true, false, false, System.nanoTime());

        assertThat(summary).containsPattern("rows skipped +1  \\{locations: null longitude=1}")
                .containsPattern("null/NaN/inf as -1 \\(unknown\\) +2  \\{locations: speed=2}");
    }

    /** A replay stopped by its first file, before its clock started, took no time: it said the machine's uptime. */
    @Test
    void aReplayThatNeverStartedTookNoTime() {
        ReplayStats stats = new ReplayStats(new RowSkips());
        long uptime = 3_456_780_000_000L;

        assertThat(stats.elapsedSeconds(uptime)).isZero();
        stats.started(uptime - 2_000_000_000L);
        assertThat(stats.elapsedSeconds(uptime)).isEqualTo(2.0);
    }
}
