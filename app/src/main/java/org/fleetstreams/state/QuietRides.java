package org.fleetstreams.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which rides of a task have gone quiet, so that a processor can forget them and a long-running app does not keep every
 * ride it ever saw. A ride is quiet when its last reading is more than {@code quietMs} of event time behind the clock.
 *
 * <p>The clock is the second-latest ride's last event time, not the latest event time seen: one ride's record
 * stamped in the future (a phone with a wrong clock; anything from 2000 to 2100 passes the input check) would
 * otherwise make every other ride quiet at once, and stop the look for a century. A task with a single ride forgets
 * nothing, which costs one ride's state. Pure and deterministic on the event times it is given: a restart that is
 * handed the stored rides' last times sweeps as an uninterrupted run would, to within one sweep interval.
 */
public final class QuietRides {

    private final long quietMs;
    private final long everyMs;
    private final Map<String, Long> last = new HashMap<>();
    private String latestRide;
    private long latest = Long.MIN_VALUE;
    private long clock = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;

    /**
     * @param quietMs a ride this far behind the clock is quiet
     * @param everyMs look at most once per this much of the clock
     */
    public QuietRides(long quietMs, long everyMs) {
        this.quietMs = quietMs;
        this.everyMs = everyMs;
    }

    /** A reading of {@code ride} at event time {@code t}. */
    public void seen(String ride, long t) {
        long l = last.merge(ride, t, Math::max);
        if (ride.equals(latestRide)) {
            latest = l;
        } else if (l > latest) {
            clock = Math.max(clock, latest);
            latestRide = ride;
            latest = l;
        } else {
            clock = Math.max(clock, l);
        }
    }

    /** The ride's last event time so far, {@link Long#MIN_VALUE} for a ride it does not know (or forgot). */
    public long last(String ride) {
        return last.getOrDefault(ride, Long.MIN_VALUE);
    }

    /** The clock: the second-latest ride's last event time ({@link Long#MIN_VALUE} with fewer than two rides). */
    public long clock() {
        return clock;
    }

    /**
     * Hands every quiet ride to {@code forget} and forgets it here too, at most once per {@code everyMs} of the clock.
     * A quiet ride is never the latest or second-latest ride, so the clock does not move back.
     */
    public void sweep(Consumer<String> forget) {
        if (clock == Long.MIN_VALUE || lastSweep != Long.MIN_VALUE && clock - lastSweep < everyMs) {
            return;
        }
        lastSweep = clock;
        for (Iterator<Map.Entry<String, Long>> it = last.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() < clock - quietMs) {
                it.remove();
                forget.accept(e.getKey());
            }
        }
    }

    /** Rides it knows of. */
    public int size() {
        return last.size();
    }

    /** Forgets everything (a task's restart: its stores may be older than what was seen). */
    public void clear() {
        last.clear();
        latestRide = null;
        latest = Long.MIN_VALUE;
        clock = Long.MIN_VALUE;
        lastSweep = Long.MIN_VALUE;
    }
}
