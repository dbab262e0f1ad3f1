package org.fleetstreams.time;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * How often a task's results become visible. Under exactly-once a consumer reads a result only once its transaction
 * commits, and each commit costs the stream thread a flush of every task's changed state and a round trip per task
 * (30 % of its wall time at 10 commits a second in a catch-up, {@code commit-ratio}). So the app runs two paces: Kafka
 * Streams commits every {@code commit.interval.ms} (the app sets 1 s: {@code AppConfig.COMMIT_INTERVAL_MS}), and while
 * the task is live and working this asks for a commit every {@value #LIVE_INTERVAL_MS} ms as well.
 *
 * <p>Live means the task's inputs were read to the end the broker last reported ({@link InputProgress}) within the
 * last {@value #LIVE_FOR_MS} ms: a replay at 10x or 20x, or real cars, whose records the app takes as they come. A
 * catch-up (an app started after the data, or one that fell behind for longer than that) commits once a second and
 * gets through its backlog faster; its results are old already. An app that cannot ask the broker (lookups failing)
 * counts as not live: its results come within a second, never later.
 *
 * <p>Only a task that took a record since it last asked asks again. Kafka Streams commits all of a thread's tasks
 * together (one transaction per thread), and a punctuation alone counts as work to commit: an empty or finished
 * partition, always "read to its end", would otherwise set a 100 ms pace for its busy neighbours. A task that is live
 * and working does set it for them, on purpose: its results are the ones someone is waiting for.
 *
 * <p>For the same reason one ask per thread per interval is enough: each task's punctuation runs at its own phase,
 * and four live tasks asking each at theirs had the thread committing up to four times per 100 ms, so a record that
 * came in often found the thread in a commit. A task skips its ask when another task of its thread asked
 * less than {@value #THREAD_GAP_MS} ms ago (its results go with that commit or the next one, within about 100 ms as
 * before); the slack lets the asking task's own next punctuation ask again when the previous one ran less than
 * 10 ms late (a later one makes the next ask wait up to 200 ms; letting the asking task always ask measured worse
 * together with the change below, and was not measured alone).
 *
 * <p>A fast replay (10x, 20x) moves event time faster than the wall clock: 100 ms is 2 s of event time at 20x, and the
 * results on view would lag the replay by that. So a live task also asks, from a record, as soon as its merged inputs'
 * time (the GPS input's as far as the replayer's promises say: {@link FixPromises}) has moved {@value #EVENT_STEP_MS}
 * ms past the merged time of the task that asked last, but not within {@value #EARLY_GAP_MS} ms of wall time of that
 * ask: at 10x and 20x at most a commit every 50 ms per thread (0.5 and 1 s of event time). The gap was 20 ms, which at
 * 20x let each thread commit 50 times a second; the demo's JVM then kept both cores of a two-core VM full (each commit
 * is a round of requests and markers for the broker), and with 50 ms the 20x demo's lag was lower in 4 of 4 rounds (p50
 * 1.3-2.0 s against 1.6-5.1 s), the 10x demo's within its spread (docs/benchmarks.md, "Session of 2026-12-03"). At 1x
 * event time moves with the wall clock, so a task asks early only when its merged time is that far ahead of the asking
 * task's (another partition) or jumps (a GPS fix after a gap). The comparison across tasks is a known imprecision, kept
 * because it was measured: each task stepping from its own time asked more often, and at 10x the app then fell behind
 * (docs/benchmarks.md). A task more than a second out of date asks early no more.
 */
final class LiveCommits {

    static final long LIVE_INTERVAL_MS = 100;
    static final long LIVE_FOR_MS = 1_000;
    static final long THREAD_GAP_MS = LIVE_INTERVAL_MS * 9 / 10;
    static final long EVENT_STEP_MS = 400;
    static final long EARLY_GAP_MS = 50;

    private long lastCaughtUp = Long.MIN_VALUE;
    private long lastAsked = Long.MIN_VALUE;

    /** When a task of one stream thread last asked for a commit. Used by that thread only. */
    static final class ThreadPace {

        private static final ThreadLocal<Map<Object, ThreadPace>> BY_CLIENT =
                ThreadLocal.withInitial(WeakHashMap::new);

        private long lastAsked = Long.MIN_VALUE;
        /** The asking task's merged time then (event time, ms), or MIN_VALUE if unknown. */
        private long lastAskedAt = Long.MIN_VALUE;

        /**
         * The pace of the calling thread for one Kafka Streams client ({@code client}: an object per client, such as
         * its metrics), so that two clients run one after the other on a thread (tests) do not share one.
         */
        static ThreadPace of(Object client) {
            return BY_CLIENT.get().computeIfAbsent(client, c -> new ThreadPace());
        }

        boolean mayAsk(long wallMs) {
            return lastAsked == Long.MIN_VALUE || wallMs < lastAsked || wallMs - lastAsked >= THREAD_GAP_MS;
        }

        boolean mayAskEarly(long wallMs, long eventMs) {
            return lastAsked != Long.MIN_VALUE && lastAskedAt != Long.MIN_VALUE && eventMs != Long.MIN_VALUE
                    && wallMs >= lastAsked
                    && wallMs - lastAsked >= EARLY_GAP_MS && eventMs - lastAskedAt >= EVENT_STEP_MS;
        }

        void asked(long wallMs, long eventMs) {
            lastAsked = wallMs;
            lastAskedAt = eventMs;
        }
    }

    /**
     * Called every {@value #LIVE_INTERVAL_MS} ms of wall time: whether to ask for a commit now.
     *
     * @param thread       the asks of every task of the calling stream thread
     * @param eventMs      the task's merged time (event time), or MIN_VALUE if it has none yet
     * @param caughtUp     the task's inputs are read to the end the broker last reported
     * @param lastRecordMs when (wall time) the task last took a record
     */
    boolean due(ThreadPace thread, long wallMs, long eventMs, boolean caughtUp, long lastRecordMs) {
        if (caughtUp) {
            lastCaughtUp = wallMs;
        }
        boolean live = lastCaughtUp != Long.MIN_VALUE && wallMs - lastCaughtUp <= LIVE_FOR_MS;
        if (live && lastRecordMs > lastAsked && thread.mayAsk(wallMs)) {
            lastAsked = wallMs;
            thread.asked(wallMs, eventMs);
            return true;
        }
        return false;
    }

    /**
     * Called after a record: whether to ask for a commit now, before the next punctuation, because the task is live
     * (as its last punctuation found) and its merged time {@code eventMs} has moved {@value #EVENT_STEP_MS} ms since
     * its thread last asked.
     */
    boolean dueEarly(ThreadPace thread, long wallMs, long eventMs) {
        boolean live = lastCaughtUp != Long.MIN_VALUE && wallMs - lastCaughtUp <= LIVE_FOR_MS;
        if (live && thread.mayAskEarly(wallMs, eventMs)) {
            lastAsked = wallMs;
            thread.asked(wallMs, eventMs);
            return true;
        }
        return false;
    }

    /** A task (re)starting at {@code nowMs}: not live, and nothing taken yet. */
    void reset(long nowMs) {
        lastCaughtUp = Long.MIN_VALUE;
        lastAsked = nowMs;
    }
}
