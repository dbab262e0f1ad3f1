package org.fleetstreams.time;

/**
 * From {@link ReadingsInOrder} to the processors that wait for a ride's own later records (the harsh-braking
 * detector): the inputs have stopped for {@code forMs} of wall-clock time (no record, the broker holding nothing more
 * of either, everything held let go), at least {@link TimePolicy#missingRecordWait()} (a minute), so every ride of
 * the task has been silent that long. Sent at each look from then on, while the inputs stay stopped.
 *
 * <p>Why: a brake at a ride's very end has no later record of its ride to decide it. In event time it is decided when
 * the task's other rides move time past the ride's last record by the detector's silence; when the whole input stops
 * with it and no closing records come (a producer other than the replayer), nothing moves time, and the alert waited
 * for more input for ever. Why a minute, not the stop's second: the broker holds nothing more during a producer's
 * stall too (a replayer killed and resumed, a partition leader moving), and a brake decided in such a pause would
 * differ from the uninterrupted run's; the merge waits that long for a record a producer said it had sent, too.
 *
 * @param forMs wall-clock time since the last record came
 */
public record ReadingsStopped(long forMs) {
}
