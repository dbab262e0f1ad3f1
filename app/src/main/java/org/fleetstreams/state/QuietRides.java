package org.fleetstreams.state;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which rides of a task have gone quiet, so that a processor can forget them and a long-running app does not keep every
 * ride it ever saw. A ride is quiet when its last reading is more than {@code quietMs} of event time behind the
 * clock, looked at once every {@code everyRecords} readings.
 *
 * <p>The clock is the median of the rides' last event times, not the latest event time seen: rides stamped in the
 * future (a phone with a wrong clock; anything from 2000 to 2100 passes the input check) would otherwise make every
 * other ride quiet at once, and stop the look for a century; fewer than half of a task's rides cannot move the
 * median. It lags the newest rides, so ended rides stay about twice the quiet time, which still bounds what is kept.
 * The look comes after a count of readings, not of event time, so a ride far in the future cannot set its pace.
 *
 * <p>A processor that forgets a ride must give the same result as one that kept it when the ride comes back: so
 * {@link #seen} says whether the ride comes back after the quiet time, by its own gap, and the processor starts it
 * afresh then, forgotten or not. A ride the look found quiet was more than the quiet time behind the
 * median, so its next reading is that far from its last one unless its clock runs that far behind the task's.
 */
public final class QuietRides {

    private final long quietMs;
    private final int everyRecords;
    /** Per ride its last event time, in a holder updated in place: no boxing per reading. */
    private final Map<String, long[]> last = new HashMap<>();
    private int sinceLook;

    /**
     * @param quietMs      a ride this far behind the clock is quiet
     * @param everyRecords look once per this many readings
     */
    public QuietRides(long quietMs, int everyRecords) {
        this.quietMs = quietMs;
        this.everyRecords = everyRecords;
    }

    /**
     * A reading of {@code ride} at event time {@code t}.
     *
     * @return whether the ride comes back after the quiet time (it was known, and its last reading is more than the
     *         quiet time before {@code t}): the caller starts it afresh, as if a look had forgotten it
     */
    public boolean seen(String ride, long t) {
        long[] l = last.get(ride);
        if (l == null) {
            last.put(ride, new long[] {t});
            return false;
        }
        boolean back = t - l[0] > quietMs;
        l[0] = Math.max(l[0], t);
        return back;
    }

    /** The ride's last event time so far, {@link Long#MIN_VALUE} for a ride it does not know (or forgot). */
    public long last(String ride) {
        long[] l = last.get(ride);
        return l == null ? Long.MIN_VALUE : l[0];
    }

    /** The clock: the median of the rides' last event times ({@link Long#MIN_VALUE} with no ride). */
    public long clock() {
        if (last.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long[] times = last.values().stream().mapToLong(l -> l[0]).toArray();
        Arrays.sort(times);
        return times[(times.length - 1) / 2];
    }

    /** Once per {@code everyRecords} calls: hands every quiet ride to {@code forget} and forgets it here too. */
    public void sweep(Consumer<String> forget) {
        if (++sinceLook < everyRecords) {
            return;
        }
        sinceLook = 0;
        long clock = clock();
        if (clock == Long.MIN_VALUE || clock < Long.MIN_VALUE + quietMs) {
            return;
        }
        for (Iterator<Map.Entry<String, long[]>> it = last.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, long[]> e = it.next();
            if (e.getValue()[0] < clock - quietMs) {
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
        sinceLook = 0;
    }
}
