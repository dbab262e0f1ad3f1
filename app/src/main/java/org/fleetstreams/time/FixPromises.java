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

    private final OffsetTimes kept = new OffsetTimes(KEPT);
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
        if (!kept.isEmpty() && kept.lastOffset() == offset) {
            // the replayer's N moves only when a fix is acknowledged: one entry per N, so the ring seldom fills
            kept.setLast(offset, Math.max(kept.lastTime(), time));
            return;
        }
        if (kept.full()) {
            kept.dropFirst();
        }
        kept.add(offset, time);
    }

    /** The GPS input has been taken up to {@code next}: the promises it fulfils count now. */
    void taken(long next) {
        while (!kept.isEmpty() && kept.firstOffset() <= next) {
            passedBefore = Math.max(passedBefore, kept.firstTime());
            kept.dropFirst();
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
        return kept.size();
    }

    void reset() {
        broken = 0;
        kept.clear();
        passedBefore = EventClock.NONE;
    }
}
