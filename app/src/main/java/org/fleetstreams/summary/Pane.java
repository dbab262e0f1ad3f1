package org.fleetstreams.summary;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * <p>Stored as two values, so the 50 Hz sample count does not rewrite the fixes: {@link #countsToBytes()} and
 * {@link #fixesToBytes()}.
 */
final class Pane {

    /** A fix as the summary needs it. */
    record Fix(long eventTime, double latitude, double longitude, double speed) {
    }

    private static final StoreFormat COUNTS = new StoreFormat(SummaryProcessor.STORE + " counts", (byte) 1);
    private static final StoreFormat FIXES = new StoreFormat(SummaryProcessor.STORE + " fixes", (byte) 1);

    final List<Fix> fixes = new ArrayList<>(4);
    long samples;
    double peakDecelG;
    int alerts;
    /** The two store values, encoded as they are when the store writes them, and their keys (once put). */
    final Encoded counts = this::countsToBytes;
    final Encoded fixesValue = this::fixesToBytes;
    WriteAtCommitStore.Slot<Encoded> countsSlot;
    WriteAtCommitStore.Slot<Encoded> fixesSlot;
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

    byte[] fixesToBytes() {
        ByteBuffer b = FIXES.allocate(4 + fixes.size() * 32).putInt(fixes.size());
        for (Fix f : fixes) {
            b.putLong(f.eventTime()).putDouble(f.latitude()).putDouble(f.longitude()).putDouble(f.speed());
        }
        return b.array();
    }

    void readFixes(byte[] bytes) {
        ByteBuffer b = FIXES.open(bytes);
        fixes.clear();
        for (int i = b.getInt(); i > 0; i--) {
            fixes.add(new Fix(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble()));
        }
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
