package org.fleetstreams.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * The hopping windows as arithmetic: windows of {@code sizeMs} starting at every multiple of {@code advanceMs} (aligned
 * to the epoch, as Kafka Streams' TimeWindows are), closing {@code graceMs} after their end. State is kept per pane,
 * the greatest common divisor of size and advance, so every record updates exactly one pane and a window is the sum
 * of its panes (30 s every 15 s: two 15 s panes per window, each shared by two windows).
 */
record WindowGrid(long sizeMs, long advanceMs, long graceMs) {

    WindowGrid {
        if (sizeMs <= 0 || advanceMs <= 0 || advanceMs > sizeMs || graceMs < 0) {
            throw new IllegalArgumentException("bad windows: size " + sizeMs + " ms, advance " + advanceMs
                    + " ms, grace " + graceMs + " ms");
        }
    }

    long paneMs() {
        long a = sizeMs;
        long b = advanceMs;
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    long paneStart(long t) {
        return Math.floorDiv(t, paneMs()) * paneMs();
    }

    /** Starts of the windows that contain {@code t}, earliest first. */
    List<Long> windowsContaining(long t) {
        List<Long> starts = new ArrayList<>(2);
        for (long w = earliestWindowContaining(t); w <= t; w += advanceMs) {
            starts.add(w);
        }
        return starts;
    }

    /** The start of the earliest window that contains {@code t}: the first of {@link #windowsContaining}. */
    long earliestWindowContaining(long t) {
        long w = Math.floorDiv(t, advanceMs) * advanceMs;
        while (w - advanceMs > t - sizeMs) {
            w -= advanceMs;
        }
        return w;
    }

    long closeTime(long windowStart) {
        return windowStart + sizeMs + graceMs;
    }

    /**
     * The latest close time at or before {@code now}: windows close only at these instants, so every window that is
     * closed at {@code now} is closed at {@code closedBy(now)}, and a scan up to it emits them all.
     */
    long closedBy(long now) {
        long offset = Math.floorMod(sizeMs + graceMs, advanceMs);
        return Math.floorDiv(now - offset, advanceMs) * advanceMs + offset;
    }

    /** The last window that contains pane {@code paneStart} closes at this time; the pane is not needed after it. */
    long paneObsoleteAt(long paneStart) {
        return closeTime(Math.floorDiv(paneStart, advanceMs) * advanceMs);
    }
}
