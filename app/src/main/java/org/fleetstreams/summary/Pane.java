package org.fleetstreams.summary;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.Haversine;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.state.WriteAtCommitStore;

/**
 * One ride's records in one pane (a slice of the window grid, see {@link WindowGrid}). Mutable, owned by
 * {@link SummaryProcessor}. It keeps the fixes (GPS every 1–4 s, so a few per pane) because distance needs
 * consecutive fixes in event-time order and records may arrive out of order; samples are only counted.
 *
 * <p>Stored as two kinds of value, so the 50 Hz sample count does not rewrite the fixes: {@link #countsToBytes()}, and
 * the fixes in values of up to {@value #FIXES_PER_VALUE} each, in arrival order ({@link #fixesToBytes(int)}). One value
 * for all of them was one changelog record: a ride sending fixes far faster than GPS does (about 33,000 in one pane)
 * passed the producer's 1 MB request limit, and under exactly-once that failed the task, and again after each restart.
 * Only the newest value changes as fixes come, so a large pane also costs less per commit.
 */
final class Pane {

    /** A fix as the summary needs it. */
    record Fix(long eventTime, double latitude, double longitude, double speed) {
    }

    private static final StoreFormat COUNTS = new StoreFormat(SummaryProcessor.STORE + " counts", (byte) 1);
    private static final StoreFormat FIXES = new StoreFormat(SummaryProcessor.STORE + " fixes", (byte) 1);

    /** 32 KB of fixes per store value. */
    static final int FIXES_PER_VALUE = 1024;

    final List<Fix> fixes = new ArrayList<>(4);
    long samples;
    double peakDecelG;
    int alerts;
    /** The two store values, encoded as they are when the store writes them, and their keys (once put). */
    final Encoded counts = this::countsToBytes;
    WriteAtCommitStore.Slot<Encoded> countsSlot;
    /** Value k's key, once put or loaded (k: fixes [k * FIXES_PER_VALUE, (k + 1) * FIXES_PER_VALUE)); null: neither. */
    final List<WriteAtCommitStore.Slot<Encoded>> fixesSlots = new ArrayList<>(1);
    private final List<Encoded> fixesValues = new ArrayList<>(1);
    /** While the store is read: the fixes of each value read so far, by k (the store lists its keys in its own order). */
    private TreeMap<Integer, List<Fix>> loading;
    /** Removed from its ride's panes (its last window written). */
    boolean gone;

    boolean isEmpty() {
        return fixes.isEmpty() && samples == 0 && alerts == 0 && peakDecelG == 0;
    }

    byte[] countsToBytes() {
        return COUNTS.allocate(8 + 8 + 4).putLong(samples).putDouble(peakDecelG).putInt(alerts).array();
    }

    void readCounts(byte[] bytes) {
        ByteBuffer b = COUNTS.open(bytes);
        samples = b.getLong();
        peakDecelG = b.getDouble();
        alerts = b.getInt();
    }

    /** The index of the value that holds the newest fix (a pane with none: 0). */
    int newestFixesValue() {
        return Math.max(0, fixes.size() - 1) / FIXES_PER_VALUE;
    }

    /** How many values the fixes take. */
    int fixesValueCount() {
        return (fixes.size() + FIXES_PER_VALUE - 1) / FIXES_PER_VALUE;
    }

    /** Value k of the fixes, encoded as it is when the store writes it. */
    Encoded fixesValue(int k) {
        while (fixesValues.size() <= k) {
            int index = fixesValues.size();
            fixesValues.add(() -> fixesToBytes(index));
        }
        return fixesValues.get(k);
    }

    byte[] fixesToBytes(int k) {
        int from = Math.min(fixes.size(), k * FIXES_PER_VALUE);
        int to = Math.min(fixes.size(), from + FIXES_PER_VALUE);
        ByteBuffer b = FIXES.allocate(4 + (to - from) * 32).putInt(to - from);
        for (Fix f : fixes.subList(from, to)) {
            b.putLong(f.eventTime()).putDouble(f.latitude()).putDouble(f.longitude()).putDouble(f.speed());
        }
        return b.array();
    }

    /** Reads value k of the fixes, from the store under {@code slot}; {@link #loaded()} once every value is read. */
    void readFixes(int k, byte[] bytes, WriteAtCommitStore.Slot<Encoded> slot) {
        ByteBuffer b = FIXES.open(bytes);
        List<Fix> read = new ArrayList<>();
        for (int i = b.getInt(); i > 0; i--) {
            read.add(new Fix(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble()));
        }
        if (loading == null) {
            loading = new TreeMap<>();
        }
        loading.put(k, read);
        while (fixesSlots.size() <= k) {
            fixesSlots.add(null);
        }
        fixesSlots.set(k, slot);
    }

    /**
     * Puts the values read in order; true if they are laid out as this class writes them (every value but the last
     * full, none missing). False for a store written before the fixes were split (one value for all), which the caller
     * writes again: then that value alone holds the fixes, whatever others there are (a rewrite that a crash cut short
     * under at-least-once, whose first value, written last, is still the old one).
     */
    boolean loaded() {
        if (loading == null) {
            return true;
        }
        fixes.clear();
        List<Fix> first = loading.get(0);
        if (first != null && first.size() > FIXES_PER_VALUE) {
            fixes.addAll(first);
            loading = null;
            return false;
        }
        boolean laidOut = true;
        int expected = 0;
        for (var e : loading.entrySet()) {
            laidOut &= e.getKey() == expected++ && (e.getKey() == loading.lastKey() || e.getValue().size() == FIXES_PER_VALUE);
            fixes.addAll(e.getValue());
        }
        loading = null;
        return laidOut && fixesSlots.size() == fixesValueCount();
    }

    /**
     * The summary of a window made of {@code panes}; speed −1 (unknown) is left out of the speed statistics, not of
     * the distance.
     */
    static CarSummary summarize(String rideId, long windowStart, long windowEnd, List<Pane> panes) {
        List<Fix> ordered = new ArrayList<>();
        long samples = 0;
        double peak = 0;
        int alerts = 0;
        for (Pane p : panes) {
            ordered.addAll(p.fixes);
            samples += p.samples;
            peak = Math.max(peak, p.peakDecelG);
            alerts += p.alerts;
        }
        ordered.sort(Comparator.comparingLong(Fix::eventTime));
        double distance = 0;
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        int known = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Fix f = ordered.get(i);
            if (i > 0) {
                Fix prev = ordered.get(i - 1);
                distance += Haversine.metres(prev.latitude(), prev.longitude(), f.latitude(), f.longitude());
            }
            if (f.speed() >= 0) {
                sum += f.speed();
                max = Math.max(max, f.speed());
                known++;
            }
        }
        return new CarSummary(rideId, windowStart, windowEnd, ordered.size(), known, known == 0 ? null : sum / known,
                known == 0 ? null : max, distance, samples, peak, alerts);
    }
}
