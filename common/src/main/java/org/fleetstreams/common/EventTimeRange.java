package org.fleetstreams.common;

import java.time.Instant;

/**
 * The event times the app takes as real: 2000-01-01 (inclusive) to 2100-01-01 (exclusive), in epoch ms. A value
 * outside is a unit mistake (the BDD {@code timestamp} column holds seconds; a microsecond clock gives year 50,000; an
 * {@code --epoch} of 1970 makes offsets look like seconds read as ms), not a real event time: the app sends such a
 * record to its dead letters. Here so that the replayer can warn before it publishes what the app would refuse.
 */
public final class EventTimeRange {

    public static final long MIN_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    public static final long MAX_PLAUSIBLE = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private EventTimeRange() {
    }

    public static boolean plausible(long millis) {
        return millis >= MIN_PLAUSIBLE && millis < MAX_PLAUSIBLE;
    }
}
