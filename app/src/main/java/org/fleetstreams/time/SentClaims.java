package org.fleetstreams.time;

import org.fleetstreams.common.SentBefore;

/**
 * What the records of one input claimed about the other ({@link SentBefore}: the other input's records sent before
 * this one end below offset N), kept while the other input has not been taken that far. The merge's stop rule
 * reads it: a claim still open when both inputs have stopped, and the broker holds nothing more of either, names a
 * record the producer sent and the log does not have (it died between two sends), so what came after it waits. So
 * does its idle rule ({@link ReleaseHorizon}): a claim open for less than the idle time names a record on its way.
 *
 * <p>Kept in offset order, as they come from one producer; at most {@value #KEPT}. When full, the newest two merge into
 * the earlier time and the higher offset: a merged claim holds more and longer, never less. A claim made before the
 * other input delivered anything since the task started is not kept yet: the merge does not know where that input's
 * reading began (after a restart, far past the offsets the first claims name). Those are merged into one, unplaced,
 * which counts for the idle rule only, and is judged once the input delivers (kept if still open, else forgotten).
 */
final class SentClaims {

    static final int KEPT = 64;

    private final OffsetTimes kept = new OffsetTimes(KEPT);
    /** When the newest open claim was made (wall clock, ms); meaningful while one is open. */
    private long newestMadeAt;
    /** The highest offset claimed before the input delivered since the start; -1: none. */
    private long unplacedOffset = -1;
    /** The time of the first record that made an unplaced claim, and when the highest was made (wall clock). */
    private long unplacedTime;
    private long unplacedMadeAt;

    /**
     * A record at {@code time} claimed that this input's records sent before it end below {@code offset}; this input
     * has been taken up to {@code next} (the offset after its last record taken; -1 for none since the task started).
     * Read at {@code wallMs} (wall clock): {@link #openSince} tells whether a claim is still that young.
     */
    void claimed(long offset, long time, long next, long wallMs) {
        if (next < 0) {
            if (unplacedOffset < 0) {
                unplacedTime = time;
            }
            if (offset > unplacedOffset) {
                unplacedOffset = offset;
                unplacedMadeAt = wallMs;
            }
            return;
        }
        if (offset <= next) {
            return;
        }
        if (!kept.isEmpty() && kept.lastOffset() >= offset) {
            return; // an earlier record claimed as much already, or more (only another writer's records go back)
        }
        newestMadeAt = wallMs;
        if (kept.full()) {
            kept.setLast(offset, kept.lastTime());
            return;
        }
        kept.add(offset, time);
    }

    /**
     * Whether a claim made at or after {@code wallMs} is still open. Claims are met in offset order, so while any is
     * open the newest is.
     */
    boolean openSince(long wallMs) {
        return !kept.isEmpty() && newestMadeAt >= wallMs || unplacedOffset >= 0 && unplacedMadeAt >= wallMs;
    }

    /** This input has been taken up to {@code next}: the claims it meets are forgotten. */
    void taken(long next) {
        if (unplacedOffset >= 0 && next >= 0) {
            if (unplacedOffset > next && kept.isEmpty()) {
                kept.add(unplacedOffset, unplacedTime);
                newestMadeAt = unplacedMadeAt;
            }
            unplacedOffset = -1;
        }
        while (!kept.isEmpty() && kept.firstOffset() <= next) {
            kept.dropFirst();
        }
    }

    /** The time of the first record whose claim is still open; {@link Long#MAX_VALUE} when none is. */
    long firstOpen() {
        return kept.isEmpty() ? Long.MAX_VALUE : kept.firstTime();
    }

    /** The offset the first open claim waits for this input to be taken to; -1 when none is open. */
    long firstOpenOffset() {
        return kept.isEmpty() ? -1 : kept.firstOffset();
    }

    int open() {
        return kept.size();
    }

    void reset() {
        kept.clear();
        unplacedOffset = -1;
    }
}
