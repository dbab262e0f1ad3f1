package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;

/** What the producer callbacks leave in {@link ReplayStats}: the latest acknowledged event time per partition. */
class ReplayStatsTest {

    @Test
    void theLatestAcknowledgedEventTimePerPartitionNumber() {
        ReplayStats stats = new ReplayStats(new RowSkips());
        assertThat(stats.acknowledgedEventTimes()).isEmpty();

        stats.onAcknowledged(2, 5_000);
        stats.onAcknowledged(0, 7_000);
        stats.onAcknowledged(2, 4_000); // the other input topic's partition 2, behind: the maximum stays
        stats.onAcknowledged(0, 7_500);

        assertThat(stats.acknowledgedEventTimes()).containsExactly(7_500, Long.MIN_VALUE, 5_000);
        assertThat(stats.acknowledged()).isEqualTo(4);
    }

    @Test
    void aRecordWithoutAPartitionIsCountedOnly() {
        ReplayStats stats = new ReplayStats(new RowSkips());
        stats.onAcknowledged(-1, 5_000);
        assertThat(stats.acknowledgedEventTimes()).isEmpty();
        assertThat(stats.acknowledged()).isEqualTo(1);
    }
}
