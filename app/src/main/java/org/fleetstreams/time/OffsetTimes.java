package org.fleetstreams.time;

/**
 * A bounded first-in first-out list of (offset, time) pairs in a ring, oldest first: what one input's records said
 * about offsets of the other input, kept until that input is taken that far. {@link FixPromises} and
 * {@link SentClaims} keep theirs here and differ only in what they do when it is full or an offset repeats.
 */
final class OffsetTimes {

    private final long[] offsets;
    private final long[] times;
    private int first;
    private int size;

    OffsetTimes(int capacity) {
        offsets = new long[capacity];
        times = new long[capacity];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean full() {
        return size == offsets.length;
    }

    long firstOffset() {
        return offsets[first];
    }

    long firstTime() {
        return times[first];
    }

    long lastOffset() {
        return offsets[last()];
    }

    long lastTime() {
        return times[last()];
    }

    /** Replaces the newest pair. */
    void setLast(long offset, long time) {
        int last = last();
        offsets[last] = offset;
        times[last] = time;
    }

    /** Adds a pair after the newest; the list must not be full. */
    void add(long offset, long time) {
        if (full()) {
            throw new IllegalStateException("full: " + size);
        }
        int at = (first + size) % offsets.length;
        offsets[at] = offset;
        times[at] = time;
        size++;
    }

    /** Removes the oldest pair; the list must not be empty. */
    void dropFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        first = (first + 1) % offsets.length;
        size--;
    }

    void clear() {
        first = 0;
        size = 0;
    }

    private int last() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return (first + size - 1) % offsets.length;
    }
}
