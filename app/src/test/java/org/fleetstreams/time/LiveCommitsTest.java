package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/** The commit pace: every 100 ms while the inputs were read to their end within the last second, else none asked. */
class LiveCommitsTest {

    @Test
    void aTaskThatNeverCaughtUpAsksForNoCommit() {
        LiveCommits live = new LiveCommits();

        for (long wall = 0; wall <= 5_000; wall += 100) {
            assertThat(live.due(wall, false)).as("at %d ms", wall).isFalse();
        }
    }

    @Test
    void aCaughtUpTaskAsksEveryTimeAndForOneSecondAfterItLastWas() {
        LiveCommits live = new LiveCommits();

        assertThat(live.due(10_000, true)).isTrue();
        assertThat(live.due(10_100, true)).isTrue();
        // behind again (a burst the broker saw first): still live for a second, then a catch-up
        assertThat(live.due(10_600, false)).isTrue();
        assertThat(live.due(11_100, false)).isTrue();
        assertThat(live.due(11_200, false)).isFalse();
        assertThat(live.due(15_000, false)).isFalse();
        // caught up again: live at once
        assertThat(live.due(15_100, true)).isTrue();
    }

    @Test
    void aLiveMergeAsksForACommitEvery100MsUnderExactlyOnceOnly() {
        // configure: the merge on inputs that count as read to their end (live), under each guarantee
        MergeHarness exactlyOnce = new MergeHarness("l", "a", InputHeads.NONE, StreamsConfig.EXACTLY_ONCE_V2);
        MergeHarness atLeastOnce = new MergeHarness("l", "a", InputHeads.NONE, StreamsConfig.AT_LEAST_ONCE);

        // verify: every punctuation of a live exactly-once task asks (Kafka Streams then commits if there is work);
        // at-least-once results are visible without a commit, so nothing is asked
        assertThat(exactlyOnce.idleFor(1_000)).isEqualTo(10);
        assertThat(atLeastOnce.idleFor(1_000)).isZero();
        exactlyOnce.close();
        atLeastOnce.close();
    }

    @Test
    void aResetForgetsThatTheTaskWasLive() {
        LiveCommits live = new LiveCommits();
        live.due(1_000, true);

        live.reset();

        assertThat(live.due(1_100, false)).isFalse();
    }
}
