package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * When the merge tells its clock readers that both inputs are idle ({@link InputsIdle}): once per silence of the
 * configured time, the inputs read to their end; again after a record; and also in a task that restarted after its
 * last record (its marks start empty, while the readers' clocks come back from their stores with theirs).
 */
class InputsIdleTest {

    private static final long BOTH_IDLE_MS = 30_000;

    private static MergeHarness merge() {
        return new MergeHarness("loc", "acc", InputHeads.NONE, StreamsConfig.AT_LEAST_ONCE, null,
                List.of("join", "summaries"), BOTH_IDLE_MS);
    }

    @Test
    void theReadersAreToldOnceAfterTheIdleTimeAndAgainAfterTheNextRecord() {
        MergeHarness merge = merge();
        merge.process(fix(1_000), 0);

        merge.idleFor(BOTH_IDLE_MS - 200);
        assertThat(merge.forwardedTo("summaries")).doesNotContain(InputsIdle.INSTANCE);
        merge.idleFor(BOTH_IDLE_MS);
        assertThat(merge.forwardedTo("summaries")).filteredOn(v -> v == InputsIdle.INSTANCE).hasSize(1);
        assertThat(merge.forwardedTo("join")).filteredOn(v -> v == InputsIdle.INSTANCE).hasSize(1);

        merge.process(fix(2_000), 1);
        merge.idleFor(BOTH_IDLE_MS + 200);
        assertThat(merge.forwardedTo("summaries")).filteredOn(v -> v == InputsIdle.INSTANCE).hasSize(2);
    }

    /** A task restarted after its last record has no marks, and still tells its readers (their clocks have theirs). */
    @Test
    void aTaskRestartedAfterItsLastRecordStillTellsItsReaders() {
        MergeHarness restarted = merge();

        restarted.idleFor(BOTH_IDLE_MS + 200);

        assertThat(restarted.forwardedTo("summaries")).containsExactly(InputsIdle.INSTANCE);
        assertThat(restarted.forwardedTo("join")).containsExactly(InputsIdle.INSTANCE);
    }

    private static LocationFix fix(long t) {
        return new LocationFix(t / 1000.0, null, "r", "u", 0, 40.7, -73.9, "dr5r", 10, 5, t);
    }
}
