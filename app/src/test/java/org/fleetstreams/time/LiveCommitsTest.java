package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * The commit pace: a task asks every 100 ms while its inputs were read to their end within the last second and it
 * took a record since it last asked; otherwise it leaves the commits to {@code commit.interval.ms}.
 */
class LiveCommitsTest {

    @Test
    void aTaskThatNeverCaughtUpAsksForNoCommit() {
        LiveCommits live = new LiveCommits();
        live.reset(0);

        for (long wall = 100; wall <= 5_000; wall += 100) {
            assertThat(live.due(wall, false, wall - 1)).as("at %d ms", wall).isFalse();
        }
    }

    @Test
    void aWorkingTaskAsksWhileCaughtUpAndForOneSecondAfterItLastWas() {
        LiveCommits live = new LiveCommits();
        live.reset(0);

        assertThat(live.due(10_000, true, 9_990)).isTrue();
        assertThat(live.due(10_100, true, 10_090)).isTrue();
        // behind again (a burst the broker saw first): still live for a second, then a catch-up
        assertThat(live.due(10_600, false, 10_590)).isTrue();
        assertThat(live.due(11_100, false, 11_090)).isTrue();
        assertThat(live.due(11_200, false, 11_190)).isFalse();
        assertThat(live.due(15_000, false, 14_990)).isFalse();
        // caught up again: live at once
        assertThat(live.due(15_100, true, 15_090)).isTrue();
    }

    @Test
    void aTaskWithNothingNewDoesNotAskEvenWhenCaughtUp() {
        // an empty or finished partition is always "read to its end"; asking would set its neighbours' pace
        LiveCommits live = new LiveCommits();
        live.reset(1_000);

        assertThat(live.due(1_100, true, 1_000)).as("nothing taken since the start").isFalse();
        assertThat(live.due(1_200, true, 1_150)).isTrue();
        assertThat(live.due(1_300, true, 1_150)).as("nothing taken since it asked").isFalse();
        assertThat(live.due(1_400, true, 1_350)).isTrue();
    }

    @Test
    void aLiveWorkingMergeAsksEvery100MsUnderExactlyOnceOnly() {
        // configure: the merge on inputs that count as read to their end (live), under each guarantee
        MergeHarness exactlyOnce = new MergeHarness("l", "a", InputHeads.NONE, StreamsConfig.EXACTLY_ONCE_V2);
        MergeHarness atLeastOnce = new MergeHarness("l", "a", InputHeads.NONE, StreamsConfig.AT_LEAST_ONCE);

        // pipe input: a fix and a sample 1 ms on, then 100 ms of wall time, ten times; then a second with no records
        int exactlyOnceAsked = 0;
        int atLeastOnceAsked = 0;
        for (int i = 0; i < 10; i++) {
            long t = TopologyFixture.EPOCH + i * 100L;
            for (MergeHarness merge : new MergeHarness[] {exactlyOnce, atLeastOnce}) {
                merge.tick(1);
                merge.process(TopologyFixture.fix("r", t, 40, -74, 10), i);
                merge.process(TopologyFixture.sample("r", t, 0, 0, 1), i);
            }
            exactlyOnceAsked += exactlyOnce.idleFor(100);
            atLeastOnceAsked += atLeastOnce.idleFor(100);
        }

        // verify: every punctuation of a live, working exactly-once task asks (Kafka Streams then commits); once no
        // record comes, it stops asking; at-least-once results are visible without a commit, so nothing is asked
        assertThat(exactlyOnceAsked).isEqualTo(10);
        assertThat(exactlyOnce.idleFor(1_000)).isZero();
        assertThat(atLeastOnceAsked).isZero();
        exactlyOnce.close();
        atLeastOnce.close();
    }
}
