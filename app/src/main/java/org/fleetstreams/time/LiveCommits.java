package org.fleetstreams.time;

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
 */
final class LiveCommits {

    static final long LIVE_INTERVAL_MS = 100;
    static final long LIVE_FOR_MS = 1_000;

    private long lastCaughtUp = Long.MIN_VALUE;
    private long lastAsked = Long.MIN_VALUE;

    /**
     * Called every {@value #LIVE_INTERVAL_MS} ms of wall time: whether to ask for a commit now.
     *
     * @param caughtUp     the task's inputs are read to the end the broker last reported
     * @param lastRecordMs when (wall time) the task last took a record
     */
    boolean due(long wallMs, boolean caughtUp, long lastRecordMs) {
        if (caughtUp) {
            lastCaughtUp = wallMs;
        }
        boolean live = lastCaughtUp != Long.MIN_VALUE && wallMs - lastCaughtUp <= LIVE_FOR_MS;
        if (live && lastRecordMs > lastAsked) {
            lastAsked = wallMs;
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
