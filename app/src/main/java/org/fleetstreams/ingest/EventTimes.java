package org.fleetstreams.ingest;

import java.time.Instant;

/**
 * Which timestamp a record's event time is. One pure function, shared by the timestamp extractor (which must never
 * throw) and the validator (which sends records without a usable timestamp to the dead-letter topic), so the two
 * always agree.
 *
 * <p>Plausible means 2000-01-01 to 2100-01-01: a value outside is a unit mistake (the BDD {@code timestamp}
 * column holds seconds; a microsecond clock gives year 50,000), not a real event time.
 */
public final class EventTimes {

    public static final long MIN_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    public static final long MAX_PLAUSIBLE = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    /** No usable timestamp: neither the value's event_time nor the record timestamp is plausible. */
    public static final long NONE = -1;

    private EventTimes() {
    }

    public static boolean plausible(long millis) {
        return millis >= MIN_PLAUSIBLE && millis < MAX_PLAUSIBLE;
    }

    /**
     * The event time: the value's {@code event_time} when plausible, else the record timestamp when plausible,
     * else {@link #NONE}.
     *
     * @param valueEventTime the event_time field, or {@code null} when missing or unparsable
     */
    public static long resolve(Long valueEventTime, long recordTimestamp) {
        if (valueEventTime != null && plausible(valueEventTime)) {
            return valueEventTime;
        }
        return plausible(recordTimestamp) ? recordTimestamp : NONE;
    }
}
