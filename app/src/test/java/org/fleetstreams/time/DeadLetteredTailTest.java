package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * An input partition whose last record the checks dead-lettered is read to its end once that record is taken: when the
 * inputs stop, what the merge held for it goes on after the stop time, not after the group's next commit (30 s
 * at-least-once). The broker's answer is scripted here: end offsets as written, nothing committed yet.
 */
class DeadLetteredTailTest {

    private static final String LOCATIONS = "d-locations";
    private static final String ACCELERATIONS = "d-accelerations";
    private static final long T = EPOCH + 10_000;

    /** The broker as the last look found it: the partitions' end offsets, and no committed offset. */
    private static InputProgress endsAt(long locationsEnd, long accelerationsEnd) {
        Map<String, Long> ends = Map.of(LOCATIONS, locationsEnd, ACCELERATIONS, accelerationsEnd);
        return new InputProgress() {
            @Override
            public long lookedAt(String topic, int partition) {
                return Long.MAX_VALUE; // a look after every record the test pipes
            }

            @Override
            public boolean caughtUp(String topic, int partition, long nextOffset) {
                return nextOffset >= ends.get(topic);
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * One ride: fixes at T and T + 1 s (GPS offsets 0, 1), 2 s of samples at 50 Hz (offsets 0-99) and, when
     * {@code tailSeen}, the GPS partition's last record (offset 2), invalid, as the checks pass it on.
     */
    private static MergeHarness piped(boolean tailSeen) {
        return piped(tailSeen, InputHeads.NONE);
    }

    private static MergeHarness piped(boolean tailSeen, InputHeads heads) {
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, heads, StreamsConfig.AT_LEAST_ONCE,
                endsAt(3, 100)); // a GPS record written after offset 2 is read as soon as it is written
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0);
        for (int i = 0; i < 100; i++) {
            if (i == 50) {
                merge.process(TopologyFixture.fix("a", T + 1_000, 40.0001, -74, 10), 1);
            }
            merge.process(TopologyFixture.sample("a", T + 20L * i, 0, 0, 1), i);
        }
        if (tailSeen) {
            merge.skipped(LOCATIONS, 2);
        }
        return merge;
    }

    @Test
    void whatWaitedForAPartitionEndingInADeadLetterGoesOnOnceTheInputsStop() {
        MergeHarness merge = piped(true);
        assertThat(merge.forwarded()).as("the samples from T + 1 s wait for the GPS input to pass them").isEqualTo(52);

        merge.stop();

        assertThat(merge.forwarded()).as("every fix and sample").isEqualTo(102);
        assertThat(merge.names().subList(52, 102)).allMatch(n -> n.startsWith("a sample "));
        merge.close();
    }

    @Test
    void anInputSendingOnlyInvalidRecordsDoesNotHoldBackWhatWaitsForItForEver() {
        MergeHarness merge = piped(true);

        // the GPS input goes on with an invalid record every 200 ms, each read at once; no valid record comes
        for (long offset = 3; offset < 13; offset++) {
            merge.skipped(LOCATIONS, offset);
            merge.idleFor(200);
        }

        assertThat(merge.forwarded()).as("released within the stop time of the last reading").isEqualTo(102);
        merge.close();
    }

    /**
     * In a catch-up the GPS partition's next record is known before it is processed ({@link InputHeads}): after a dead
     * letter at offset 2 that is the record at offset 3, and the samples it passes need not wait for it.
     */
    @Test
    void afterADeadLetterTheNextRecordsTimeIsKnownAgain() {
        InputHeads heads = new InputHeads();
        MergeHarness merge = piped(true, heads);
        heads.saw(LOCATIONS, 0, 3, T + 2_000); // fetched, not processed yet

        merge.process(TopologyFixture.sample("a", T + 2_000, 0, 0, 1), 100);

        assertThat(merge.forwarded()).as("the fixes and the samples before T + 2 s").isEqualTo(102);
        merge.close();
    }

    @Test
    void withoutTheDeadLetteredRecordThePartitionLooksUnreadAndTheSamplesStayHeld() {
        // the control: the same input, the invalid record never reaching the merge (as before Skipped)
        MergeHarness merge = piped(false);

        merge.stop();

        assertThat(merge.forwarded()).as("held until the group commits past offset 2").isEqualTo(52);
        merge.close();
    }
}
