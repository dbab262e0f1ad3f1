package org.fleetstreams.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fleetstreams.common.OffsetClock;

/**
 * Notices record timestamps that do not follow the data's own clock: a producer that publishes the rows without
 * stamping event times gives send times, and a file published in a burst then has every GPS fix of a ride within a
 * second or two, whatever their offsets say. The app does not guess which clock is right (the record timestamp is
 * its event time, or the offset with {@code --offset-epoch}); it says so once, with the remedy, instead of joining and
 * windowing by send time without a word.
 *
 * <p>Per ride it keeps its first GPS fix's offset and timestamp; a later fix whose timestamp has moved more than
 * {@link #TOLERANCE_MS} away from where its offset puts it is the sign. The replayer stamps every record with its
 * epoch plus its offset, to the millisecond, whatever its {@code --clock}; a live producer stamping send times at 1x
 * stays within its own jitter. An offset that is not after the ride's last one starts the ride again (the replayer's
 * {@code --loop} and {@code --passes} publish the same rides again with later timestamps). Only fixes are looked at
 * (one record in 50 at 50 Hz), so the cost is a hash lookup per fix.
 */
final class TimestampsOffOffsets {

    /** How far a fix's timestamp may drift from its offset's place before it is worth a warning. */
    static final long TOLERANCE_MS = 5_000;
    /**
     * The rides remembered at a time, the least recently seen forgotten: about 2 MB for a task that never warns. With
     * more rides than this active in one task, a ride is forgotten before its next fix and the check never fires
     * there; a memory bound that a catch-up of a large fleet could outgrow was the worse trade.
     */
    static final int MAX_RIDES = 10_000;

    /** A ride's first fix (offset in ms, timestamp) and the offset of its last. */
    private static final class Anchor {
        final long firstOffsetMs;
        final long firstTimestamp;
        long lastOffsetMs;

        Anchor(long offsetMs, long timestamp) {
            this.firstOffsetMs = offsetMs;
            this.firstTimestamp = timestamp;
            this.lastOffsetMs = offsetMs;
        }
    }

    private final Map<String, Anchor> rides = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Anchor> eldest) {
            return size() > MAX_RIDES;
        }
    };

    /**
     * Looks at one GPS fix whose event time is its record timestamp; returns the warning when its timestamp has drifted
     * from its offset by more than the tolerance since the ride's first fix.
     */
    Optional<String> look(String ride, double offsetSeconds, long timestamp) {
        long offsetMs = OffsetClock.eventTime(0, offsetSeconds);
        Anchor anchor = rides.get(ride);
        if (anchor == null || offsetMs <= anchor.lastOffsetMs) {
            rides.put(ride, new Anchor(offsetMs, timestamp));
            return Optional.empty();
        }
        anchor.lastOffsetMs = offsetMs;
        long byOffset = offsetMs - anchor.firstOffsetMs;
        long byTimestamp = timestamp - anchor.firstTimestamp;
        if (Math.abs(byTimestamp - byOffset) <= TOLERANCE_MS) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "ride %s: its GPS fixes' record timestamps do not follow their"
                + " offsets (offset %.3f s -> %.3f s, %.1f s later; timestamp %s -> %s, %.1f s later). The app takes the"
                + " record timestamp as event time: if your producer leaves it to the client (send times), the join and"
                + " the windows follow when the records were sent. Stamp each record with its event time or, if the"
                + " offsets are seconds on one clock for all rides, start the app with --offset-epoch INSTANT to take"
                + " event time from them (docs/architecture.md#topics). Said once.", ride,
                anchor.firstOffsetMs / 1000.0, offsetMs / 1000.0, byOffset / 1000.0,
                Instant.ofEpochMilli(anchor.firstTimestamp), Instant.ofEpochMilli(timestamp), byTimestamp / 1000.0));
    }
}
