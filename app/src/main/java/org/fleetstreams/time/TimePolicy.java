package org.fleetstreams.time;

import java.time.Duration;

/**
 * The app's event-time rules, in one place.
 *
 * <p><b>One clock per result.</b> The join and the window summaries each take both inputs of a task (a partition of
 * GPS fixes and the same partition of accelerometer samples) and judge time by one {@link EventClock}: the lower of the
 * two inputs' progress while both deliver; once the slower input has been silent for {@link #inputIdle()} (wall
 * clock), the faster one's minus {@link #toleratedSkew()}. Kafka Streams' own task time (the highest event time of
 * any partition) is not used: it jumps ahead whenever one partition is fetched or taken before the other.
 *
 * <p><b>Late records.</b> Within an input, records may be up to {@link #toleratedDisorder()} out of order. A record
 * further behind the join's clock than that (its input went silent and came back more than the tolerated skew behind
 * the other) goes to the dead-letter topic as {@code late}, naming the result it missed, and is counted. Summary
 * windows close when the clock reaches their end plus {@link #summaryGrace}: the disorder plus the longest the detector
 * takes to emit an alert after the brake ended, so an alert always reaches the window it belongs to; a record that
 * comes after that is late for the window.
 *
 * <p><b>No stall.</b> {@link #maxTaskIdle()} is Kafka Streams' {@code max.task.idle.ms}; 0: a task never waits for a
 * quiet partition, so joined pairs, alerts and dead letters leave as soon as their records are read. Only the final
 * summaries wait for event time, as in any event-time system, and for a silent input at most {@link #inputIdle()}
 * while the other delivers, or {@link #bothInputsIdle()} when nothing comes at all.
 *
 * <p><b>Closing.</b> A finite replay ends with closing records ({@code common.admin.ClosingRecords}): they move both
 * inputs past every window so the last summaries are final; they produce no output of their own.
 *
 * @param joinTimeDifference a sample and a fix of the same ride join when at most this far apart (course: 2 s)
 * @param windowSize         summary window size (course: 30 s)
 * @param windowAdvance      summary window advance (course: 15 s); windows are aligned to the epoch
 * @param toleratedSkew      once the slower input is idle, the clock runs this far behind the faster one
 * @param toleratedDisorder  how far out of event-time order records may be within one input
 * @param inputIdle          an input that delivered nothing for this long (wall clock) while the other delivered, and
 *                           that the broker holds nothing more of ({@link InputProgress}), stops holding the merge and
 *                           the clock back. 5 s: longer than a partition's leader failover (a record whose write waits
 *                           for a new leader is on no broker yet, so the look cannot see it); a paused input, with
 *                           records on the broker, is never idle
 * @param maxTaskIdle        Kafka Streams' max.task.idle.ms
 */
public record TimePolicy(Duration joinTimeDifference, Duration windowSize, Duration windowAdvance,
                         Duration toleratedSkew, Duration toleratedDisorder, Duration inputIdle, Duration maxTaskIdle) {

    public TimePolicy {
        requirePositive("join time difference", joinTimeDifference);
        requirePositive("window size", windowSize);
        requirePositive("window advance", windowAdvance);
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("window advance " + windowAdvance + " is longer than the window size "
                    + windowSize + ": records between windows would be in none");
        }
        if (toleratedSkew.isNegative() || toleratedDisorder.isNegative() || inputIdle.isNegative()
                || maxTaskIdle.isNegative()) {
            throw new IllegalArgumentException("tolerated skew, tolerated disorder and max task idle must not be negative");
        }
    }

    /** Defaults in seconds, also shown by the app's --help. */
    public static final int JOIN_DIFFERENCE_S = 2;
    public static final int WINDOW_SIZE_S = 30;
    public static final int WINDOW_ADVANCE_S = 15;
    public static final int TOLERATED_SKEW_S = 30;
    public static final int TOLERATED_DISORDER_S = 1;
    public static final int INPUT_IDLE_MS = 5000;
    public static final int INPUT_STOPPED_MS = 1000;
    public static final int MISSING_RECORD_WAIT_S = 60;

    /** ±2 s join, 30 s windows every 15 s, inputs up to 30 s apart, 1 s of disorder within an input, no idling. */
    public static TimePolicy defaults() {
        return new TimePolicy(Duration.ofSeconds(JOIN_DIFFERENCE_S), Duration.ofSeconds(WINDOW_SIZE_S),
                Duration.ofSeconds(WINDOW_ADVANCE_S), Duration.ofSeconds(TOLERATED_SKEW_S),
                Duration.ofSeconds(TOLERATED_DISORDER_S), Duration.ofMillis(INPUT_IDLE_MS), Duration.ZERO);
    }

    public TimePolicy withJoinTimeDifference(Duration d) {
        return new TimePolicy(d, windowSize, windowAdvance, toleratedSkew, toleratedDisorder, inputIdle, maxTaskIdle);
    }

    public TimePolicy withWindows(Duration size, Duration advance) {
        return new TimePolicy(joinTimeDifference, size, advance, toleratedSkew, toleratedDisorder, inputIdle, maxTaskIdle);
    }

    public TimePolicy withToleratedSkew(Duration skew) {
        return new TimePolicy(joinTimeDifference, windowSize, windowAdvance, skew, toleratedDisorder, inputIdle, maxTaskIdle);
    }

    public TimePolicy withToleratedDisorder(Duration disorder) {
        return new TimePolicy(joinTimeDifference, windowSize, windowAdvance, toleratedSkew, disorder, inputIdle, maxTaskIdle);
    }

    public TimePolicy withInputIdle(Duration idle) {
        return new TimePolicy(joinTimeDifference, windowSize, windowAdvance, toleratedSkew, toleratedDisorder, idle,
                maxTaskIdle);
    }

    /**
     * How long no record at all may come, with the broker holding nothing more of a task's inputs, before the
     * records held for ordering go on: the input stopped (1 s, or the idle time if that is shorter). Both conditions
     * are needed: a pause of the whole task (a rebalance, a stalled thread) leaves records on the broker.
     */
    public Duration inputStopped() {
        return Duration.ofMillis(Math.min(INPUT_STOPPED_MS, inputIdle.toMillis()));
    }

    /**
     * How long no record at all may come, with the broker holding nothing more of a task's inputs, before an input
     * that is behind, or never delivered anything, is idle for the clocks ({@code InputsIdle}): the idle time, or the
     * tolerated skew if that is longer. A partition whose rides have GPS only (no accelerometer), published at once,
     * then has final windows that long after it stopped; one input's topic filled up to that long after the other's
     * is still exact. Shorter, the second topic's records would be late; never, such a partition had no final window.
     */
    public Duration bothInputsIdle() {
        return inputIdle.compareTo(toleratedSkew) >= 0 ? inputIdle : toleratedSkew;
    }

    /**
     * How long, after its inputs stopped, the merge waits for a record its producer said it had sent before records
     * that did arrive (the replayer's {@code SentBefore} claims: a replayer killed between two sends): a minute, or
     * the both-idle time if that is longer. A replayer restarted with {@code --resume} at once is back in 15-30 s on
     * a small machine (the fault scenario: 5 s, then its JVM, the data set check and reading both topics); one that
     * does not come back holds the records after the lost one this long, then they go on.
     */
    public Duration missingRecordWait() {
        Duration wait = Duration.ofSeconds(MISSING_RECORD_WAIT_S);
        return wait.compareTo(bothInputsIdle()) >= 0 ? wait : bothInputsIdle();
    }

    /** A join partner may arrive this far behind the clock. */
    public Duration joinGrace() {
        return toleratedDisorder;
    }

    /**
     * Windows close this long after their end: the disorder plus the detector's longest alert delay
     * ({@code BrakingConfig#maxEmitDelay()}; a duration, so that the time policy does not depend on the detector, which
     * reads what the merge tells it).
     */
    public Duration summaryGrace(Duration maxAlertDelay) {
        return toleratedDisorder.plus(maxAlertDelay);
    }

    /**
     * Whether records {@code lead} after the data's last one close every window that holds data: the last of them ends
     * at most a window after the last record and closes {@link #summaryGrace} later. The closing records
     * ({@code ClosingRecords.LEAD}) are sent that far ahead; longer windows stay open after a finite replay.
     */
    public boolean lastWindowsCloseWithin(Duration lead, Duration maxAlertDelay) {
        return windowSize.plus(summaryGrace(maxAlertDelay)).compareTo(lead) <= 0;
    }

    /** A fresh clock for one result of one task. */
    public EventClock newClock() {
        return new EventClock(toleratedSkew.toMillis(), inputIdle.toMillis());
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
