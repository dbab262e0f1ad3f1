package org.fleetstreams.time;

import java.time.Duration;
import org.fleetstreams.braking.BrakingConfig;

/**
 * The app's event-time rules, in one place.
 *
 * <p><b>One clock.</b> Every result (joined pairs, window summaries, alerts) is computed from one merged stream of a
 * ride's GPS fixes and accelerometer samples, against one clock: the task's stream time, the largest event time the
 * task has taken from any of its input partitions ({@code ProcessingContext#currentStreamTimeMs}). It is restored
 * from the committed offsets' metadata after a restart, so a replay after a crash judges every record the same way.
 *
 * <p><b>Tolerated skew.</b> A record may arrive up to {@link #toleratedSkew()} behind that clock (one input's
 * partition fetched later than the other's, a GPS fix published after the samples around it) and still count in
 * every result. Later than that it goes to the dead-letter topic as {@code late}, naming the result it missed.
 * Summary windows close {@link #summaryGrace} after their end: the skew plus the longest the detector takes to
 * emit an alert after the brake ended, so an alert always reaches the window it belongs to.
 *
 * <p><b>No stall.</b> {@link #maxTaskIdle()} is Kafka Streams' {@code max.task.idle.ms}: how long a task waits for
 * an input partition that is caught up and empty. 0: it never waits for a quiet partition (it still waits for a
 * fetch when the partition is known to have more), so no output waits on an idle input; the skew this allows is
 * what {@link #toleratedSkew()} absorbs.
 *
 * <p><b>Closing.</b> A finite replay ends with closing records ({@code common.admin.ClosingRecords}): they move
 * stream time past every window so the last summaries are final; they produce no output of their own.
 *
 * @param joinTimeDifference a sample and a fix of the same ride join when at most this far apart (course: 2 s)
 * @param windowSize         summary window size (course: 30 s)
 * @param windowAdvance      summary window advance (course: 15 s); windows are aligned to the epoch
 * @param toleratedSkew      how far behind stream time a record may arrive and still count everywhere
 * @param maxTaskIdle        Kafka Streams' max.task.idle.ms
 */
public record TimePolicy(Duration joinTimeDifference, Duration windowSize, Duration windowAdvance,
                         Duration toleratedSkew, Duration maxTaskIdle) {

    public TimePolicy {
        requirePositive("join time difference", joinTimeDifference);
        requirePositive("window size", windowSize);
        requirePositive("window advance", windowAdvance);
        if (windowAdvance.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("window advance " + windowAdvance + " is longer than the window size "
                    + windowSize + ": records between windows would be in none");
        }
        if (toleratedSkew.isNegative() || maxTaskIdle.isNegative()) {
            throw new IllegalArgumentException("tolerated skew and max task idle must not be negative");
        }
    }

    /** ±2 s join, 30 s windows every 15 s, 5 s of tolerated skew, no idling. */
    public static TimePolicy defaults() {
        return new TimePolicy(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ZERO);
    }

    public TimePolicy withJoinTimeDifference(Duration d) {
        return new TimePolicy(d, windowSize, windowAdvance, toleratedSkew, maxTaskIdle);
    }

    public TimePolicy withWindows(Duration size, Duration advance) {
        return new TimePolicy(joinTimeDifference, size, advance, toleratedSkew, maxTaskIdle);
    }

    public TimePolicy withToleratedSkew(Duration skew) {
        return new TimePolicy(joinTimeDifference, windowSize, windowAdvance, skew, maxTaskIdle);
    }

    public TimePolicy withMaxTaskIdle(Duration idle) {
        return new TimePolicy(joinTimeDifference, windowSize, windowAdvance, toleratedSkew, idle);
    }

    /** A join partner may arrive this far behind stream time. */
    public Duration joinGrace() {
        return toleratedSkew;
    }

    /**
     * How long the join keeps a record: a partner up to {@link #joinTimeDifference()} away may still arrive
     * {@link #joinGrace()} behind stream time. The join's stores keep twice that difference plus the grace, as
     * Kafka Streams' own join stores do.
     */
    public Duration joinRetention() {
        return joinTimeDifference.multipliedBy(2).plus(joinGrace());
    }

    /** Windows close this long after their end: the tolerated skew plus the detector's longest alert delay. */
    public Duration summaryGrace(BrakingConfig braking) {
        return toleratedSkew.plus(braking.maxEmitDelay());
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
