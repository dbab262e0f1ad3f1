package org.fleetstreams.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Notices record timestamps that do not follow the data's own clock: a producer that publishes the rows without
 * stamping event times gives send times, and a file published in a burst then has every GPS fix of a ride within a
 * second or two, whatever their offsets say. The app does not guess which clock is right (the record timestamp is
 * its event time, or the offset with {@code --offset-epoch}); it says so once, with the remedy, instead of joining and
 * windowing by send time without a word.
 *
 * <p>Per ride it keeps its first GPS fix's offset and timestamp; a later fix whose timestamp has moved more than
 * {@link #TOLERANCE_MS} away from where its offset puts it is the sign. The replayer's records follow their offsets to
 * the millisecond (within 45 ms with {@code --clock partition}); a live producer stamping send times at 1x stays
 * within its own jitter. An offset that is not after the ride's last one starts the ride again (the replayer's {@code --loop} publishes the
 * same rides again with later timestamps). Only fixes are looked at (one record in 50 at 50 Hz), and only
 * {@link #MAX_RIDES} rides at a time, the oldest forgotten, so the cost is a hash lookup per fix.
 */
final class TimestampsOffOffsets {

    /** How far a fix's timestamp may drift from its offset's place before it is worth a warning. */
    static final long TOLERANCE_MS = 5_000;
    static final int MAX_RIDES = 10_000;

    private final Map<String, long[]> firstFix = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_RIDES;
        }
    };

    /**
     * Looks at one GPS fix whose event time is its record timestamp; returns the warning when its timestamp has drifted
     * from its offset by more than the tolerance since the ride's first fix.
     */
    Optional<String> look(String ride, double offsetSeconds, long timestamp) {
        long offsetMs = Math.round(offsetSeconds * 1000.0);
        long[] first = firstFix.get(ride); // its first fix's offset and timestamp, and its last fix's offset
        if (first == null || offsetMs <= first[2]) {
            firstFix.put(ride, new long[] {offsetMs, timestamp, offsetMs});
            return Optional.empty();
        }
        first[2] = offsetMs;
        long byOffset = offsetMs - first[0];
        long byTimestamp = timestamp - first[1];
        if (Math.abs(byTimestamp - byOffset) <= TOLERANCE_MS) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "ride %s: its GPS fixes' record timestamps do not follow their"
                + " offsets (offset %.3f s -> %.3f s, %.1f s later; timestamp %s -> %s, %.1f s later). The app takes the"
                + " record timestamp as event time: if your producer leaves it to the client (send times), the join and"
                + " the windows follow when the records were sent. Stamp each record with its event time, or start the"
                + " app with --offset-epoch INSTANT to take event time from the offset (docs/architecture.md#topics)."
                + " Said once.", ride, first[0] / 1000.0, offsetMs / 1000.0, byOffset / 1000.0,
                Instant.ofEpochMilli(first[1]), Instant.ofEpochMilli(timestamp), byTimestamp / 1000.0));
    }
}
