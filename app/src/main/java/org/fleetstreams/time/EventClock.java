package org.fleetstreams.time;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * The clock of a result: how far event time has progressed in a task, taken from both of its input partitions.
 *
 * <p>Each input's high mark is the largest event time it has delivered. The clock is the lower of the two: a result
 * that needs both inputs is only complete up to where the slower one has got. That input keeps holding the clock back
 * while it keeps delivering, however far behind (an app catching up, or one partition fetched late). Only when it has
 * delivered nothing for {@code idleMs} of wall-clock time while the other input kept delivering ({@link Silence}),
 * or the merge says that both inputs have been idle ({@link #inputsIdle()}), does the clock stop waiting for it, and
 * then it moves to {@code skewMs} behind the faster input: records it delivers later that are
 * older than that are late. A task with no input at all waits for nothing.
 *
 * <p>This is Flink's watermark (the minimum over inputs, with idle inputs left out after a timeout), and it does not
 * depend on the order in which Kafka Streams interleaves the two partitions, which follows fetch timing and a consumer
 * lag that can be stale. The high marks are stored with the result's state ({@link #toBytes()}); the idle timer is
 * wall-clock time and starts again after a restart.
 */
public final class EventClock {

    /** Stored beside the state of the result it clocks (the join's and the summaries' stores). */
    private static final StoreFormat FORMAT = new StoreFormat("event clock", (byte) 1);

    /** No event time yet. */
    public static final long NONE = Long.MIN_VALUE;

    private final long skewMs;
    private final long idleMs;
    private long time = NONE;
    private long locations = NONE;
    private long accelerations = NONE;
    private final Silence locationsSilence = new Silence();
    private final Silence accelerationsSilence = new Silence();

    /**
     * @param skewMs how far behind the faster input the clock goes once the slower one is idle
     * @param idleMs wall-clock time an input may stay silent while the other delivers before it is idle
     */
    public EventClock(long skewMs, long idleMs) {
        this.skewMs = skewMs;
        this.idleMs = idleMs;
    }

    /**
     * Back to no event time, before a task (re)loads its state: Kafka Streams may call a processor's {@code init} again
     * on the same instance (a task revived after corruption), and a clock with nothing saved in the store must not keep
     * what the instance saw before (work that was rolled back).
     */
    public void reset() {
        time = NONE;
        locations = NONE;
        accelerations = NONE;
    }

    /** Task start or restart: nothing is awaited until one input delivers. */
    public void start() {
        locationsSilence.reset();
        accelerationsSilence.reset();
    }

    /** Records that an input delivered a record of event time {@code t} at wall-clock time {@code wallMs}. */
    public void observe(boolean location, long t, long wallMs) {
        if (location) {
            locations = Math.max(locations, t);
            locationsSilence.delivered();
            accelerationsSilence.otherDelivered(wallMs);
        } else {
            accelerations = Math.max(accelerations, t);
            accelerationsSilence.delivered();
            locationsSilence.otherDelivered(wallMs);
        }
    }

    /**
     * Both inputs have stopped for the idle time ({@link InputsIdle}): the one behind, or one that never delivered, is
     * idle until it delivers again. A clock that has seen nothing yet ignores it.
     */
    public void inputsIdle() {
        if (Math.max(locations, accelerations) == NONE) {
            // nothing to leave behind yet: a task idle before its first record must still wait for the input that
            // comes second (one topic filled, then the other), as one that has just started does
            return;
        }
        locationsSilence.idleNow();
        accelerationsSilence.idleNow();
    }

    /**
     * The clock; {@link #NONE} before any record. It never goes back: an idle input that delivers again does not move
     * it back to its own (older) time.
     */
    public long time() {
        long hi = Math.max(locations, accelerations);
        if (hi == NONE) {
            return NONE;
        }
        boolean locationsSlower = locations <= accelerations;
        long lo = locationsSlower ? locations : accelerations;
        Silence slower = locationsSlower ? locationsSilence : accelerationsSilence;
        // NONE while the slower input has not delivered anything yet and is not idle
        long now = slower.atLeast(idleMs) ? Math.max(lo, hi - skewMs) : lo;
        time = Math.max(time, now);
        return time;
    }

    public byte[] toBytes() {
        return FORMAT.allocate(24).putLong(time).putLong(locations).putLong(accelerations).array();
    }

    public void restore(byte[] bytes) {
        ByteBuffer b = FORMAT.open(bytes);
        time = b.getLong();
        locations = b.getLong();
        accelerations = b.getLong();
    }
}
