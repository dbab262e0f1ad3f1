package org.fleetstreams.time;

import java.util.ArrayDeque;

/**
 * An input's high mark over the last moments of wall-clock time: what it was just before a given instant. Records
 * taken before a look at the broker began are the ones that look can vouch for: whatever belongs before them in the
 * other input was already written when they were (a producer writes in event-time order), so it was in that look.
 */
final class MarkHistory {

    private static final long STEP_MS = 20;
    /**
     * A minute of steps. Looks at the broker come every 200 ms and ask about their own start, so older entries are
     * only kept while looks fail (a broker away): dropping the oldest then can only make {@link #before} answer
     * {@link EventClock#NONE} for an instant that old, which vouches for nothing, never a mark too high.
     */
    static final int MAX_ENTRIES = (int) (60_000 / STEP_MS);
    private final ArrayDeque<long[]> entries = new ArrayDeque<>();

    void clear() {
        entries.clear();
    }

    /** Entries kept (tests: what {@link #before} forgets must stay forgotten). */
    int size() {
        return entries.size();
    }

    /**
     * The input's high mark became {@code mark} at {@code wallMs}. Kept per {@value #STEP_MS} ms step, as "reached
     * before the step's end", so a stream of records a millisecond apart keeps a few dozen entries, not thousands.
     */
    void record(long wallMs, long mark) {
        long stepEnd = (Math.floorDiv(wallMs, STEP_MS) + 1) * STEP_MS;
        long[] last = entries.peekLast();
        if (last != null && last[0] == stepEnd) {
            last[1] = mark;
            return;
        }
        if (entries.size() == MAX_ENTRIES) {
            entries.pollFirst();
        }
        entries.addLast(new long[] {stepEnd, mark});
    }

    /**
     * The high mark as it stood at {@code wallMs} ({@link EventClock#NONE} if none): reached by a step that ended by
     * then. Entries before the newest such one are dropped, since later questions never ask about an earlier instant.
     */
    long before(long wallMs) {
        long[] first = entries.pollFirst();
        while (first != null && !entries.isEmpty() && entries.peekFirst()[0] <= wallMs) {
            first = entries.pollFirst();
        }
        if (first == null) {
            return EventClock.NONE;
        }
        entries.addFirst(first);
        return first[0] <= wallMs ? first[1] : EventClock.NONE;
    }
}
