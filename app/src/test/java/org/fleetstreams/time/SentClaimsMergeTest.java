package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.SentBefore;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replayer killed between two sends: the producer had sent a record of one input and then one of the other, and only
 * the second reached the log; the inputs stop; the resumed replayer writes the first. The merge's stop rule takes
 * stopped inputs for ended and lets everything held go, so without more the second record went on ahead of the first.
 * Each record's {@link SentBefore} claim (the other input's records sent before it end below offset N) tells the merge
 * that a record before it is missing: what belongs after that waits for it, for at most a minute.
 *
 * <p>The records and offsets are those of one partition of a replay in event-time order, fixes first at one time, as
 * the replayer sends them: each claim counts what it sent of the other input before the record.
 */
class SentClaimsMergeTest {

    private static final String LOCATIONS = "p-locations";
    private static final String ACCELERATIONS = "p-accelerations";
    private static final long T = EPOCH + 80_000;
    private static final long BOTH_IDLE_MS = TimePolicy.defaults().bothInputsIdle().toMillis();

    private final MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, InputHeads.NONE,
            StreamsConfig.AT_LEAST_ONCE, null, List.of(), BOTH_IDLE_MS);

    @AfterEach
    void close() {
        merge.close();
    }

    @Test
    void aSampleWrittenWhenTheFixSentBeforeItWasLostWaitsForThatFix() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        merge.process(TopologyFixture.sample("a", T + 100, 0, 0, 1), 0, claim(1));
        merge.process(TopologyFixture.sample("a", T + 200, 0, 0, 1), 1, claim(1));
        // the replayer sent the fix at T + 300 (offset 1) and then this sample; the kill lost the fix
        merge.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 2, claim(2));

        merge.stop();
        assertThat(merge.names()).as("what came before the missing fix goes; the sample after it waits")
                .containsExactly("a fix " + T, "a sample " + (T + 100), "a sample " + (T + 200));

        // the resumed replayer writes the fix, then goes on
        merge.process(TopologyFixture.fix("a", T + 300, 40, -74, 10), 1, claim(3));
        merge.process(TopologyFixture.sample("a", T + 320, 0, 0, 1), 3, claim(2));
        merge.stop();

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 100), "a sample " + (T + 200),
                "a fix " + (T + 300), "a sample " + (T + 300), "a sample " + (T + 320));
    }

    @Test
    void aFixWrittenWhenTheSamplesSentBeforeItWereLostWaitsForThem() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        merge.process(TopologyFixture.sample("a", T + 100, 0, 0, 1), 0, claim(1));
        // the replayer sent the samples at T + 200 and T + 300 (offsets 1 and 2), then this fix; the kill lost them
        merge.process(TopologyFixture.fix("a", T + 400, 40, -74, 10), 1, claim(3));

        merge.stop();
        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 100));

        // the resumed replayer, counting from where the partitions ended when it started
        merge.process(TopologyFixture.sample("a", T + 200, 0, 0, 1), 1, claim(2));
        merge.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 2, claim(2));
        merge.stop();

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 100), "a sample " + (T + 200),
                "a sample " + (T + 300), "a fix " + (T + 400));
    }

    @Test
    void whatNeverComesIsWaitedForAMinute() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        merge.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 0, claim(2)); // the fix at offset 1 never comes

        merge.idleFor(MergeHarness.MISSING_WAIT_MS - 200);
        assertThat(merge.names()).containsExactly("a fix " + T);

        merge.idleFor(300);
        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 300));
    }

    @Test
    void aClaimLeftOpenWhenNothingIsHeldAtAStopHoldsNoLaterStop() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        // the samples claim four more fixes (offsets 1-4) that never come (a claim too high: sends that failed); the
        // GPS input goes silent while the samples go on, so after the idle time they go without them (the idle rule)
        for (int i = 0; i < 8; i++) {
            merge.process(TopologyFixture.sample("a", T + 300 + 100 * i, 0, 0, 1), i, claim(5));
            merge.tick(1_000);
        }
        merge.stop();
        assertThat(merge.names()).as("the idle rule let the samples go").endsWith("a sample " + (T + 1_000));

        // later the GPS input delivers again (one fix, offset 1), and a sample after it waits for the GPS input to
        // pass its time; the inputs stop: it goes after the stop time, not a minute later
        merge.process(TopologyFixture.fix("a", T + 4_000, 40, -74, 10), 1);
        merge.process(TopologyFixture.sample("a", T + 4_500, 0, 0, 1), 8);
        assertThat(merge.names()).doesNotContain("a sample " + (T + 4_500));
        merge.stop();

        assertThat(merge.names()).endsWith("a fix " + (T + 4_000), "a sample " + (T + 4_500));
    }

    @Test
    void aClaimMadeBeforeTheOtherInputDeliveredSinceTheStartHoldsNothing() {
        // a task restarted mid-stream: it reads the GPS partition from offset 40 on, and has taken nothing of it yet
        merge.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 7_000, claim(41));
        merge.stop();

        assertThat(merge.names()).containsExactly("a sample " + (T + 300));
    }

    @Test
    void withTheSettingOffTheClaimsHoldNothingAndGoWithNoOutput() {
        MergeHarness distrusting = new MergeHarness(LOCATIONS, ACCELERATIONS, InputHeads.NONE,
                Map.of(ReadingsInOrder.FIXES_BEFORE_CONFIG, "false"));
        distrusting.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        distrusting.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 0, claim(2).add("other", new byte[] {1}));
        distrusting.stop();

        assertThat(distrusting.names()).containsExactly("a fix " + T, "a sample " + (T + 300));
        assertThat(distrusting.records()).allSatisfy(r -> assertThat(r.headers().lastHeader(SentBefore.HEADER)).isNull());
        assertThat(distrusting.records().get(1).headers().lastHeader("other")).as("other headers stay").isNotNull();
        distrusting.close();
    }

    @Test
    void theClaimsGoWithNoOutput() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, claim(0));
        merge.process(TopologyFixture.sample("a", T + 300, 0, 0, 1), 0, claim(1));
        merge.stop();

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 300));
        assertThat(merge.records()).allSatisfy(r -> assertThat(r.headers().lastHeader(SentBefore.HEADER)).isNull());
    }

    private static Headers claim(long offset) {
        return new RecordHeaders().add(SentBefore.HEADER, SentBefore.encode(offset));
    }
}
