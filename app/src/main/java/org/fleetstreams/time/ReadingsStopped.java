package org.fleetstreams.time;

/**
 * From {@link ReadingsInOrder} to the processors that wait for a ride's own later records (the harsh-braking
 * detector): the inputs have stopped for {@code forMs} of wall-clock time (no record, the broker holding nothing more
 * of either, and everything held let go), so every ride of the task has been silent that long. Sent at each look while
 * the inputs stay stopped, after the last released record; the reader decides how long is long enough.
 *
 * <p>Why: a brake at a ride's very end has no later record of its ride to decide it. In event time it is decided when
 * the task's other rides move time past the ride's last record by the detector's silence; when the whole input stops
 * with it, nothing moves time, and the alert waited for more input (for ever, from a producer that sends no closing
 * records).
 *
 * @param forMs wall-clock time since the last record came
 */
public record ReadingsStopped(long forMs) {
}
