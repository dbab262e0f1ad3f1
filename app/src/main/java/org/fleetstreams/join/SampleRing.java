package org.fleetstreams.join;

/**
 * One ride's recent samples in arrival order, in one primitive array used as a ring (time, x, y, z per sample, side
 * by side), for the join to scan when a fix arrives. While the samples arrive in event-time order (the replayer's, a
 * phone's) the scan finds the fix's partners by binary search; from a sample out of order on, it reads each time, as
 * before, until that sample is forgotten.
 *
 * <p>Why not a deque of sample objects: a fix scans all of its ride's samples the join still keeps (the tolerated
 * skew plus the join difference, 32 s or 1,600 samples at 50 Hz), and with thousands of rides those objects are cold
 * in memory, one cache miss each; here a sample takes 32 bytes in line with its neighbours, and the binary search
 * reads only a few of the samples that are no partners.
 */
final class SampleRing {

    /** What a scan hands each partner. */
    interface Partner {
        void accept(long eventTime, double x, double y, double z);
    }

    private static final int FIELDS = 4;

    /** Sample i of the ring at {@code 4 i}: its time, then x, y, z as raw double bits. */
    private long[] data = new long[16 * FIELDS];
    private int capacity = 16;
    private int head;
    private int size;
    /** How many of the samples, from the oldest, are in event-time order (all of them, usually). */
    private int inOrder;
    /** The earliest sample's time, wherever it is in the ring ({@link Long#MAX_VALUE} when empty). */
    private long earliest = Long.MAX_VALUE;

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The oldest sample's time (in arrival order); only when not empty. */
    long firstTime() {
        return time(0);
    }

    /** The earliest sample's time, wherever it is ({@link Long#MAX_VALUE} when empty). */
    long earliest() {
        return earliest;
    }

    void add(long eventTime, double x, double y, double z) {
        if (size == capacity) {
            grow();
        }
        int at = index(size) * FIELDS;
        data[at] = eventTime;
        data[at + 1] = Double.doubleToRawLongBits(x);
        data[at + 2] = Double.doubleToRawLongBits(y);
        data[at + 3] = Double.doubleToRawLongBits(z);
        if (inOrder == size && (size == 0 || time(size - 1) <= eventTime)) {
            inOrder++;
        }
        size++;
        earliest = Math.min(earliest, eventTime);
    }

    /**
     * Forgets every sample older than {@code t}: the oldest ones in arrival order first, the usual case, then, when
     * samples came out of order and one older than {@code t} is still behind a later one, those too. Without that, one
     * sample stamped far ahead (a phone's clock) would keep every later sample of its ride until the clock reached it,
     * and every fix would scan them all.
     */
    void forgetBefore(long t) {
        while (size > 0 && time(0) < t) {
            head = (head + 1) & (capacity - 1);
            size--;
            inOrder = Math.max(0, inOrder - 1);
        }
        if (size == 0) {
            head = 0;
            inOrder = 0;
            earliest = Long.MAX_VALUE;
            return;
        }
        if (inOrder == size) {
            earliest = time(0); // in order: the oldest is the earliest
            return;
        }
        long min = Long.MAX_VALUE;
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long time = time(i);
            if (time >= t) {
                if (kept != i) {
                    System.arraycopy(data, index(i) * FIELDS, data, index(kept) * FIELDS, FIELDS);
                }
                kept++;
                min = Math.min(min, time);
            }
        }
        size = kept;
        earliest = min;
        inOrder = sortedPrefix();
    }

    private int sortedPrefix() {
        int n = 1;
        while (n < size && time(n - 1) <= time(n)) {
            n++;
        }
        return n;
    }

    /** Hands {@code each} every sample at {@code from}..{@code to} (inclusive), in arrival order. */
    void forEachWithin(long from, long to, Partner each) {
        for (int i = firstAtOrAfter(from); i < inOrder; i++) {
            if (time(i) > to) {
                break; // the rest of the ordered samples are later still
            }
            hand(i, each);
        }
        for (int i = inOrder; i < size; i++) {
            long t = time(i);
            if (t >= from && t <= to) {
                hand(i, each);
            }
        }
    }

    private void hand(int position, Partner each) {
        int at = index(position) * FIELDS;
        each.accept(data[at], Double.longBitsToDouble(data[at + 1]), Double.longBitsToDouble(data[at + 2]),
                Double.longBitsToDouble(data[at + 3]));
    }

    /** The first position, among the samples in order, whose time is at or after {@code t}. */
    private int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = inOrder;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (time(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private long time(int position) {
        return data[index(position) * FIELDS];
    }

    private int index(int position) {
        return (head + position) & (capacity - 1);
    }

    private void grow() {
        long[] next = new long[capacity * 2 * FIELDS];
        int first = (capacity - head) * FIELDS;
        System.arraycopy(data, head * FIELDS, next, 0, first);
        System.arraycopy(data, 0, next, first, head * FIELDS);
        data = next;
        capacity *= 2;
        head = 0;
    }
}
