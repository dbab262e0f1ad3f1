package org.fleetstreams.time;

/**
 * How often a task's results become visible. Under exactly-once a consumer reads a result only once its transaction
 * commits, and each commit costs the stream thread a flush of every task's changed state and a round trip per task
 * (30 % of its wall time at 10 commits a second in a catch-up, {@code commit-ratio}). So the app runs two paces: Kafka
 * Streams commits every {@code commit.interval.ms} (the app sets 1 s: {@code AppConfig.COMMIT_INTERVAL_MS}), and while
 * the task is live this asks for a commit every {@value #LIVE_INTERVAL_MS} ms as well.
 *
 * <p>Live means the task's inputs were read to the end the broker last reported ({@link InputProgress}) within the
 * last {@value #LIVE_FOR_MS} ms: a replay at 10x or 20x, or real cars, whose records the app takes as they come. A
 * catch-up (an app started after the data, or one that fell behind for longer than that) commits once a second and
 * gets through its backlog faster; its results are old already. An app that cannot ask the broker (lookups failing)
 * counts as not live: its results come within a second, never later.
 */
final class LiveCommits {

    static final long LIVE_INTERVAL_MS = 100;
    static final long LIVE_FOR_MS = 1_000;

    private long lastCaughtUp = Long.MIN_VALUE;

    /** Called every {@value #LIVE_INTERVAL_MS} ms of wall time: whether to ask for a commit now. */
    boolean due(long wallMs, boolean caughtUp) {
        if (caughtUp) {
            lastCaughtUp = wallMs;
        }
        return lastCaughtUp != Long.MIN_VALUE && wallMs - lastCaughtUp <= LIVE_FOR_MS;
    }

    void reset() {
        lastCaughtUp = Long.MIN_VALUE;
    }
}
