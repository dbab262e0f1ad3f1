package org.fleetstreams.time;

import org.apache.kafka.common.metrics.Sensor;
import org.fleetstreams.common.FixesBefore;

/**
 * What the accelerometer records of a task promised about its GPS input ({@link FixesBefore}: every fix before the
 * sample's time is below offset N), kept until that input has been taken up to N. Then the GPS input is known to have
 * passed every time before the sample's, as if a fix at the sample's time had come: {@link #reach()}.
 *
 * <p>Promises come in offset and time order from one replayer; a few are kept (a fix in flight at the replayer stops
 * them, so in a live replay one or two wait at a time). Dropping one only delays what it would have let go, and a
 * restart starts with none: the merge then waits for the GPS input as it does without them.
 *
 * <p>A promise can be broken only by another writer of the GPS topic (the replayer keeps its own): a fix before a
 * time the promises had passed then comes after samples at that time went on. It goes on too, behind them, as a
 * record within the tolerated disorder does; {@link #broken} counts such fixes so the merge can say so, also in the
 * metric {@value #BROKEN_METRIC}{@code -total}.
 */
final class FixPromises {

    /** The merge's metric of fixes that broke a promise: {@code <this>-total} and {@code -rate}. */
    static final String BROKEN_METRIC = "fix-promise-broken";

    private static final int KEPT = 64;

    private final long[] offsets = new long[KEPT];
    private final long[] times = new long[KEPT];
    private int first;
    private int size;
    /** Every fix before this time has been taken; {@link EventClock#NONE}: nothing known. */
    private long passedBefore = EventClock.NONE;
    private long broken;
    private Sensor brokenSensor;

    /**
     * A fix at {@code time} came: if a promise had said every fix before a later time had come, it was broken (another
     * writer); returns how many fixes broke one since the task started, 0 if this one did not.
     */
    long broken(long time) {
        if (time >= passedBefore) {
            return 0;
        }
        if (brokenSensor != null) {
            brokenSensor.record();
        }
        return ++broken;
    }

    /** Counts each fix that breaks a promise in this sensor as well ({@value #BROKEN_METRIC}-total). */
    void countBroken(Sensor sensor) {
        brokenSensor = sensor;
    }

    /**
     * A sample at {@code time} promised that the fixes before it are below {@code offset}; the GPS input has been
     * taken up to {@code next} (the offset after its last record taken, -1 for none).
     */
    void promised(long offset, long time, long next) {
        if (offset <= next) {
            passedBefore = Math.max(passedBefore, time);
            return;
        }
        int last = (first + size - 1) % KEPT;
        if (size > 0 && offsets[last] == offset) {
            // the replayer's N moves only when a fix is acknowledged: one entry per N, so the ring seldom fills
            times[last] = Math.max(times[last], time);
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
        broken = 0;
        first = 0;
        size = 0;
        passedBefore = EventClock.NONE;
    }

    private void drop() {
        first = (first + 1) % KEPT;
        size--;
    }
}
