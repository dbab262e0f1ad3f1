package org.fleetstreams.time;

/**
 * How long one input has been silent while the other kept delivering, in wall-clock time.
 *
 * <p>Only time during which the other input delivers counts, each gap between its records at most {@value #GAP_CAP_MS}
 * ms: when the whole stream thread stalls (a GC pause, a starved CPU, a long commit) neither input delivers, and that
 * is no sign that one of them went quiet (what it cost without the cap: docs/architecture.md, "Event time").
 */
final class Silence {

    static final long GAP_CAP_MS = 1_000;
    /** Silent for longer than any idle time (a quarter of the range: adding capped gaps cannot overflow it). */
    private static final long IDLE = Long.MAX_VALUE / 4;

    private long silentMs = -1;
    private long otherLastDelivered;

    /** The other input delivered a record at {@code wallMs}. */
    void otherDelivered(long wallMs) {
        if (silentMs < 0) {
            silentMs = 0;
        } else {
            silentMs += Math.min(Math.max(0, wallMs - otherLastDelivered), GAP_CAP_MS);
        }
        otherLastDelivered = wallMs;
    }

    /** This input delivered: it is not silent. */
    void delivered() {
        silentMs = -1;
    }

    /** Both inputs stopped for the idle time ({@link InputsIdle}): this one is idle until it delivers again. */
    void idleNow() {
        silentMs = Math.max(silentMs, IDLE);
    }

    /** Task (re)start: nothing is awaited. */
    void reset() {
        silentMs = -1;
    }

    boolean atLeast(long idleMs) {
        return silentMs >= idleMs;
    }
}
