package org.fleetstreams.generate;

import java.util.Arrays;
import java.util.List;

/**
 * The manoeuvres of a script under way at a time that only moves forward ({@link CarSimulator}'s 20 ms steps): those
 * with {@code start <= t < end}, in script order, exactly the ones (and the order) a scan of the whole script finds.
 *
 * <p>Why not that scan: a script has a manoeuvre every 10 s or so, and scanning all of them at every step made a
 * drive's cost grow with the square of its length (a day: ~4e10 checks per car). This looks only from the first
 * manoeuvre that has not ended up to the first that has not started: a manoeuvre that has ended stays ended as the
 * time moves on, and the script is in order of start, so none after a manoeuvre that has not started has either.
 * The trade-off: the time may not go back (refused), and a script must be in order of start (refused otherwise).
 */
final class ActiveManoeuvres {

    private final List<Manoeuvre> script;
    /** Every manoeuvre before this one had ended at the last time asked. */
    private int firstUnended;
    private double last = Double.NEGATIVE_INFINITY;
    private int[] active = new int[4];
    private int count;

    /** @throws IllegalArgumentException if {@code script} is not in order of start time */
    ActiveManoeuvres(List<Manoeuvre> script) {
        for (int i = 1; i < script.size(); i++) {
            if (!(script.get(i).start() >= script.get(i - 1).start())) {
                throw new IllegalArgumentException("the script is not in order of start time: manoeuvre " + i
                        + " starts at " + script.get(i).start() + ", before manoeuvre " + (i - 1) + " at "
                        + script.get(i - 1).start());
            }
        }
        this.script = script;
    }

    /**
     * Moves to {@code t} and returns how many manoeuvres are under way; {@link #index} gives their positions in the
     * script, ascending.
     *
     * @throws IllegalArgumentException if {@code t} is before the last time asked
     */
    int at(double t) {
        if (t < last) {
            throw new IllegalArgumentException("the time went back from " + last + " to " + t);
        }
        last = t;
        int n = script.size();
        while (firstUnended < n && t >= script.get(firstUnended).end()) {
            firstUnended++;
        }
        count = 0;
        for (int i = firstUnended; i < n; i++) {
            Manoeuvre m = script.get(i);
            if (t < m.start()) {
                break; // and so do all after it, which start no earlier
            }
            if (t >= m.end()) {
                continue; // ended, behind one that has not (manoeuvres may overlap)
            }
            if (count == active.length) {
                active = Arrays.copyOf(active, 2 * count);
            }
            active[count++] = i;
        }
        return count;
    }

    /** The script position of the {@code k}-th manoeuvre under way at the last {@link #at} time. */
    int index(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("manoeuvre " + k + " of " + count + " under way");
        }
        return active[k];
    }
}
