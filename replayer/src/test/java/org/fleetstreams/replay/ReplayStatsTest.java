package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/** What the producer callbacks leave in {@link ReplayStats}: the latest acknowledged event time per partition. */
class ReplayStatsTest {

    @Test
    void theLatestAcknowledgedEventTimePerPartitionNumber() {
        ReplayStats stats = new ReplayStats(new RowSkips());
        assertThat(stats.acknowledgedEventTimes()).isEmpty();

        stats.onAcknowledged(SensorKind.ACCELERATIONS, 2, 5_000);
        stats.onAcknowledged(SensorKind.ACCELERATIONS, 0, 7_000);
        stats.onAcknowledged(SensorKind.LOCATIONS, 2, 4_000); // the other input's partition 2, behind
        stats.onAcknowledged(SensorKind.ACCELERATIONS, 0, 7_500);

        assertThat(stats.acknowledgedEventTimes()).containsExactly(7_500, Long.MIN_VALUE, 5_000);
        assertThat(stats.acknowledgedEventTimes(SensorKind.LOCATIONS)).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE, 4_000);
        assertThat(stats.acknowledgedEventTimes(SensorKind.ACCELERATIONS)).containsExactly(7_500, Long.MIN_VALUE, 5_000);
        assertThat(stats.acknowledged()).isEqualTo(4);
    }

    @Test
    void aRecordWithoutAPartitionOrOfAnotherTopicIsCountedOnly() {
        ReplayStats stats = new ReplayStats(new RowSkips());
        stats.onAcknowledged(SensorKind.LOCATIONS, -1, 5_000);
        stats.onAcknowledged(null, 0, 5_000);
        assertThat(stats.acknowledgedEventTimes()).isEmpty();
        assertThat(stats.acknowledged()).isEqualTo(2);
    }
}
