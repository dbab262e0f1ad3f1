package org.fleetstreams.replay.schedule;

/** What decides when a row is published. Event time is always replay epoch + {@code offset}. */
public enum ClockMode {
    /** Each row at its own {@code offset}: a faithful, smooth replay (default). */
    OFFSET,
    /**
     * Every row of a {@code t=} folder at the folder's tick, all at once, as the course's partition-by-partition
     * replay does. Rows sit up to ~45 ms below their tick, so event time can step back by that much across a
     * tick; within a tick rows go out in offset order.
     */
    PARTITION
}
