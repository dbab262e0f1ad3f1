package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * The commit pace: a task asks every 100 ms while its inputs were read to their end within the last second and it
 * took a record since it last asked; otherwise it leaves the commits to {@code commit.interval.ms}.
 */
class LiveCommitsTest {

    private final LiveCommits.ThreadPace thread = new LiveCommits.ThreadPace();

    @Test
    void aTaskThatNeverCaughtUpAsksForNoCommit() {
        LiveCommits live = new LiveCommits();
        live.reset(0);

        for (long wall = 100; wall <= 5_000; wall += 100) {
            assertThat(live.due(thread, wall, 0, false, wall - 1)).as("at %d ms", wall).isFalse();
        }
    }

    @Test
    void aWorkingTaskAsksWhileCaughtUpAndForOneSecondAfterItLastWas() {
        LiveCommits live = new LiveCommits();
        live.reset(0);

        assertThat(live.due(thread, 10_000, 0, true, 9_990)).isTrue();
        assertThat(live.due(thread, 10_100, 0, true, 10_090)).isTrue();
        // behind again (a burst the broker saw first): still live for a second, then a catch-up
        assertThat(live.due(thread, 10_600, 0, false, 10_590)).isTrue();
        assertThat(live.due(thread, 11_100, 0, false, 11_090)).isTrue();
        assertThat(live.due(thread, 11_200, 0, false, 11_190)).isFalse();
        assertThat(live.due(thread, 15_000, 0, false, 14_990)).isFalse();
        // caught up again: live at once
        assertThat(live.due(thread, 15_100, 0, true, 15_090)).isTrue();
    }

    @Test
    void aTaskWithNothingNewDoesNotAskEvenWhenCaughtUp() {
        // an empty or finished partition is always "read to its end"; asking would set its neighbours' pace
        LiveCommits live = new LiveCommits();
        live.reset(1_000);

        assertThat(live.due(thread, 1_100, 0, true, 1_000)).as("nothing taken since the start").isFalse();
        assertThat(live.due(thread, 1_200, 0, true, 1_150)).isTrue();
        assertThat(live.due(thread, 1_300, 0, true, 1_150)).as("nothing taken since it asked").isFalse();
        assertThat(live.due(thread, 1_400, 0, true, 1_350)).isTrue();
    }

    @Test
    void theTasksOfOneThreadAskOncePerInterval() {
        // Kafka Streams commits all of a thread's tasks together: four live tasks at their own phases ask once in 100 ms
        LiveCommits[] tasks = {new LiveCommits(), new LiveCommits(), new LiveCommits(), new LiveCommits()};
        for (LiveCommits task : tasks) {
            task.reset(0);
        }
        int asked = 0;
        for (long round = 1_000; round < 2_000; round += 100) {
            for (int task = 0; task < tasks.length; task++) {
                long wall = round + 25L * task + (round / 100 % 3); // a punctuation comes a little late, by turns
                asked += tasks[task].due(thread, wall, 0, true, wall - 1) ? 1 : 0;
            }
        }
        assertThat(asked).as("asks in ten intervals").isEqualTo(10);

        // when the task that asked goes quiet, the next working one asks at its own punctuation
        assertThat(tasks[0].due(thread, 2_000, 0, true, 1_000)).as("nothing new").isFalse();
        assertThat(tasks[1].due(thread, 2_025, 0, true, 2_024)).isTrue();
        // another thread (or another client on this one) has its own pace
        assertThat(tasks[2].due(new LiveCommits.ThreadPace(), 2_050, 0, true, 2_049)).isTrue();
    }

    @Test
    void aFastReplayAlsoAsksEachTimeEventTimeMovesAStep() {
        LiveCommits live = new LiveCommits();
        live.reset(0);
        assertThat(live.due(thread, 1_000, 100_000, true, 999)).as("a punctuation, live").isTrue();

        // 20x: 20 ms of wall time is 400 ms of event time, and the asks are at least EARLY_GAP_MS (50 ms) apart
        int early = 0;
        for (long wall = 1_001; wall < 1_200; wall++) {
            early += live.dueEarly(thread, wall, 100_000 + (wall - 1_000) * 20) ? 1 : 0;
        }
        assertThat(early).as("asks in two punctuation intervals at 20x: at 1050, 1100, 1150").isEqualTo(3);
        assertThat(live.dueEarly(thread, 1_200, Long.MIN_VALUE)).as("a task with no merged time yet").isFalse();

        // 1x: event time moves with the wall clock, so only the punctuations ask
        LiveCommits.ThreadPace slowThread = new LiveCommits.ThreadPace();
        LiveCommits slow = new LiveCommits();
        slow.reset(0);
        assertThat(slow.due(slowThread, 5_000, 5_000, true, 4_999)).isTrue();
        for (long wall = 5_001; wall < 5_100; wall++) {
            assertThat(slow.dueEarly(slowThread, wall, wall)).as("at %d ms", wall).isFalse();
        }

        // a catch-up (never read to its end) never asks early, however fast its event time moves
        LiveCommits.ThreadPace catchUpThread = new LiveCommits.ThreadPace();
        LiveCommits catchUp = new LiveCommits();
        catchUp.reset(0);
        assertThat(catchUp.due(catchUpThread, 1_000, 0, false, 999)).isFalse();
        catchUpThread.asked(1_000, 0);
        assertThat(catchUp.dueEarly(catchUpThread, 1_100, 1_000_000)).isFalse();
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
        // record comes, it asks once more, when the inputs count as stopped and what was held goes on (that must be
        // committed to be read), then no more; at-least-once results are visible without a commit, so nothing is asked
        assertThat(exactlyOnceAsked).isEqualTo(10);
        assertThat(exactlyOnce.idleFor(1_000)).isEqualTo(1);
        assertThat(exactlyOnce.idleFor(1_000)).isZero();
        assertThat(atLeastOnceAsked).isZero();
        exactlyOnce.close();
        atLeastOnce.close();
    }

    @Test
    void aFastReplaysPromisesMoveTheClockThatAsksEarly() {
        // configure: two live exactly-once merges, one taking the replayer's promises, one told to ignore them
        MergeHarness trusting = new MergeHarness("l", "a", StreamsConfig.EXACTLY_ONCE_V2, Map.of());
        MergeHarness ignoring = new MergeHarness("l", "a", StreamsConfig.EXACTLY_ONCE_V2,
                Map.of(ReadingsInOrder.FIXES_BEFORE_CONFIG, "false"));
        long t = TopologyFixture.EPOCH;
        int trustingAsked = 0;
        int ignoringAsked = 0;
        for (MergeHarness merge : new MergeHarness[] {trusting, ignoring}) {
            merge.tick(1);
            merge.process(TopologyFixture.fix("r", t, 40, -74, 10), 0);
            merge.process(TopologyFixture.sample("r", t, 0, 0, 1), 0, promise(1));
            assertThat(merge.idleFor(100)).as("a live, working task's punctuation asks").isEqualTo(1);
            merge.askedCommit(); // forgets that ask
        }

        // pipe input: a 10x replay, a sample every 20 ms of event time (2 ms of wall time) for 2 s of event time; the
        // ride's next fix is seconds away, and each sample says the fix at offset 0 was the last before its time
        for (int i = 1; i <= 100; i++) {
            for (MergeHarness merge : new MergeHarness[] {trusting, ignoring}) {
                merge.tick(2);
                merge.process(TopologyFixture.sample("r", t + 20L * i, 0, 0, 1), i, promise(1));
            }
            trustingAsked += trusting.askedCommit() ? 1 : 0;
            ignoringAsked += ignoring.askedCommit() ? 1 : 0;
        }

        // verify: with the promises the GPS input counts as having reached each sample's time, so the merged time
        // moves with the samples and the task asks once 400 ms of event time and 50 ms of wall time have passed since
        // its last ask: after 50, 100, 150 and 200 ms; without them it stays at the fix's time: no early ask
        assertThat(trustingAsked).isEqualTo(4);
        assertThat(ignoringAsked).isZero();
        trusting.close();
        ignoring.close();
    }

    private static Headers promise(long offset) {
        return new RecordHeaders().add(FixesBefore.HEADER, FixesBefore.encode(offset));
    }
}
