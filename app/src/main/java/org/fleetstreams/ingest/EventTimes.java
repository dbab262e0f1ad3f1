package org.fleetstreams.ingest;

import org.fleetstreams.common.EventTimeRange;

/**
 * Which timestamp a record's event time is. One pure function, shared by the timestamp extractor (which must never
 * throw) and the validator (which sends records without a usable timestamp to the dead-letter topic), so the two
 * always agree.
 *
 * <p>Plausible means 2000-01-01 to 2100-01-01 ({@link EventTimeRange}, which the replayer checks too): a value outside
 * is a unit mistake (the BDD {@code timestamp} column holds seconds; a microsecond clock gives year 50,000), not a real
 * event time.
 */
public final class EventTimes {

    public static final long MIN_PLAUSIBLE = EventTimeRange.MIN_PLAUSIBLE;
    public static final long MAX_PLAUSIBLE = EventTimeRange.MAX_PLAUSIBLE;

    /** No usable timestamp: neither the value's event_time nor the record timestamp is plausible. */
    public static final long NONE = -1;

    private EventTimes() {
    }

    public static boolean plausible(long millis) {
        return EventTimeRange.plausible(millis);
    }

    /**
     * The event time: the value's {@code event_time} when it has one, if plausible, else {@link #NONE}; without one,
     * the record timestamp when plausible, else {@link #NONE}. A given but implausible {@code event_time} (seconds,
     * microseconds, negative) is not replaced by the record timestamp: the producer meant a time and wrote it in
     * another unit, and a quiet substitute would join and window its records by when they were sent. The record
     * goes to the dead letters with the reason ({@link #implausible}).
     *
     * @param valueEventTime the event_time field, or {@code null} (or 0, how a parsed reading says so) when missing or
     *                       unparsable
     */
    public static long resolve(Long valueEventTime, long recordTimestamp) {
        if (valueEventTime != null && valueEventTime != 0) {
            return plausible(valueEventTime) ? valueEventTime : NONE;
        }
        return plausible(recordTimestamp) ? recordTimestamp : NONE;
    }

    /** Whether a reading's {@code event_time} (0: none) is given but not a plausible epoch-ms time. */
    public static boolean implausible(long valueEventTime) {
        return valueEventTime != 0 && !plausible(valueEventTime);
    }
}
