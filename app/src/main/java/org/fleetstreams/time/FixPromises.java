package org.fleetstreams.time;

import org.fleetstreams.common.FixesBefore;

/**
 * What the accelerometer records of a task promised about its GPS input ({@link FixesBefore}: every fix before the
 * sample's time is below offset N), kept until that input has been taken up to N. Then the GPS input is known to have
 * passed every time before the sample's, as if a fix at the sample's time had come: {@link #reach()}.
 *
 * <p>Promises come in offset and time order from one replayer; a few are kept (a fix in flight at the replayer stops
 * them, so in a live replay one or two wait at a time). Dropping one only delays what it would have let go, and a
 * restart starts with none: the merge then waits for the GPS input as it does without them.
 */
final class FixPromises {

    private static final int KEPT = 64;

    private final long[] offsets = new long[KEPT];
    private final long[] times = new long[KEPT];
    private int first;
    private int size;
    /** Every fix before this time has been taken; {@link EventClock#NONE}: nothing known. */
    private long passedBefore = EventClock.NONE;

    /**
     * A sample at {@code time} promised that the fixes before it are below {@code offset}; the GPS input has been
     * taken up to {@code next} (the offset after its last record taken, -1 for none).
     */
    void promised(long offset, long time, long next) {
        if (offset <= next) {
            passedBefore = Math.max(passedBefore, time);
            return;
        }
        if (size == KEPT) {
            drop();
        }
        int at = (first + size) % KEPT;
        offsets[at] = offset;
        times[at] = time;
        size++;
    }

    /** The GPS input has been taken up to {@code next}: the promises it fulfils count now. */
    void taken(long next) {
        while (size > 0 && offsets[first] <= next) {
            passedBefore = Math.max(passedBefore, times[first]);
            drop();
        }
    }

    /**
     * How far the kept promises say the GPS input reaches, in {@link MergedInput#mark}'s terms: a fix at this time may
     * still come, none before it. {@link EventClock#NONE} when nothing is known.
     */
    long reach() {
        return passedBefore;
    }

    int waiting() {
        return size;
    }

    void reset() {
        first = 0;
        size = 0;
        passedBefore = EventClock.NONE;
    }

    private void drop() {
        first = (first + 1) % KEPT;
        size--;
    }
}
