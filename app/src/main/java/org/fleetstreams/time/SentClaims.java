package org.fleetstreams.time;

import org.fleetstreams.common.SentBefore;

/**
 * What the records of one input claimed about the other ({@link SentBefore}: the other input's records sent before
 * this one end below offset N), kept while the other input has not been taken that far. Only the merge's stop rule
 * reads it: a claim still open when both inputs have stopped, and the broker holds nothing more of either, names a
 * record the producer sent and the log does not have (it died between two sends), so what came after it waits.
 *
 * <p>Kept in offset order, as they come from one producer; at most {@value #KEPT}. When full, the newest two merge into
 * the earlier time and the higher offset: a merged claim holds more and longer, never less. A claim made before the
 * other input delivered anything since the task started is not kept: the merge does not know where that input's
 * reading began (after a restart, far past the offsets the first claims name).
 */
final class SentClaims {

    static final int KEPT = 64;

    private final long[] offsets = new long[KEPT];
    private final long[] times = new long[KEPT];
    private int first;
    private int size;

    /**
     * A record at {@code time} claimed that this input's records sent before it end below {@code offset}; this input
     * has been taken up to {@code next} (the offset after its last record taken; -1 for none since the task started).
     */
    void claimed(long offset, long time, long next) {
        if (next < 0 || offset <= next) {
            return;
        }
        int last = (first + size - 1) % KEPT;
        if (size > 0 && offsets[last] >= offset) {
            return; // an earlier record claimed as much already, or more (only another writer's records go back)
        }
        if (size == KEPT) {
            offsets[last] = offset;
            return;
        }
        int at = (first + size) % KEPT;
        offsets[at] = offset;
        times[at] = time;
        size++;
    }

    /** This input has been taken up to {@code next}: the claims it meets are forgotten. */
    void taken(long next) {
        while (size > 0 && offsets[first] <= next) {
            first = (first + 1) % KEPT;
            size--;
        }
    }

    /** The time of the first record whose claim is still open; {@link Long#MAX_VALUE} when none is. */
    long firstOpen() {
        return size == 0 ? Long.MAX_VALUE : times[first];
    }

    /** The offset the first open claim waits for this input to be taken to; -1 when none is open. */
    long firstOpenOffset() {
        return size == 0 ? -1 : offsets[first];
    }

    int open() {
        return size;
    }

    void reset() {
        first = 0;
        size = 0;
    }
}
