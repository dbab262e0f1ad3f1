package org.fleetstreams.summary;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.EventClock;

/**
 * The layout of {@value SummaryProcessor#STORE}: per ride and pane two keys, {@code <ride>\0<pane start>\0c} (sample
 * count, peak deceleration, alerts: rewritten at 50 Hz, 21 bytes) and {@code ...\0f}, {@code ...\0f1}, {@code ...\0f2}
 * and so on (the pane's fixes, {@value Pane#FIXES_PER_VALUE} to a value: the newest rewritten at each fix); and two keys
 * per task: {@code \0scanned}, the close time up to which every window has been written, and
 * {@code \0clock}, the {@link EventClock}. The
 * store is a {@link WriteAtCommitStore} of {@link Encoded} values: a put files a reference to the pane or the clock,
 * and a key is encoded and reaches the store below and the changelog once per commit, as it is then.
 */
final class SummaryStore {

    private static final String SCANNED = "\0scanned";
    private static final String CLOCK = "\0clock";
    /** Format 2 holds the grid with the close time; format 1 (before 2026-12-07) the close time alone. */
    private static final StoreFormat SCANNED_FORMAT = new StoreFormat(SummaryProcessor.STORE + " scanned", (byte) 2);
    private static final byte SCANNED_FORMAT_1 = 1;

    private final KeyValueStore<String, Encoded> kv;
    private final WindowGrid grid;

    private final EventClock clock;
    private final Encoded clockValue;
    private final WriteAtCommitStore.Slot<Encoded> clockSlot;
    /** Whether the store holds this run's grid ({@link #saveGridOnce}). */
    private boolean gridSaved;

    /** The store {@code kv} of windows on {@code grid}, holding the summaries' {@code clock} among the panes. */
    SummaryStore(KeyValueStore<String, Encoded> kv, WindowGrid grid, EventClock clock) {
        this.kv = kv;
        this.grid = grid;
        this.clock = clock;
        this.clockValue = clock::toBytes;
        this.clockSlot = WriteAtCommitStore.slot(kv, CLOCK);
    }

    /** Fills {@code rides} and the clock from the store; returns the close time up to which windows were written. */
    long load(Map<String, RidePanes> rides) {
        long scannedTo = Long.MIN_VALUE;
        try (KeyValueIterator<String, Encoded> all = kv.all()) {
            while (all.hasNext()) {
                KeyValue<String, Encoded> e = all.next();
                byte[] value = e.value.bytes();
                if (e.key.equals(SCANNED)) {
                    scannedTo = scannedTo(value);
                    gridSaved = value.length != 9; // format 1 saved no grid: this run's is saved with its next record
                    continue;
                }
                if (e.key.equals(CLOCK)) {
                    clock.restore(value);
                    continue;
                }
                int part = e.key.lastIndexOf('\0');
                int pane = e.key.lastIndexOf('\0', part - 1);
                String ride = e.key.substring(0, pane);
                long start = Long.parseLong(e.key.substring(pane + 1, part));
                Pane p = rides.computeIfAbsent(ride, r -> new RidePanes()).pane(start);
                if (e.key.charAt(part + 1) == 'c') {
                    p.readCounts(value);
                    p.countsSlot = WriteAtCommitStore.slot(kv, e.key);
                } else {
                    int k = part + 2 == e.key.length() ? 0 : Integer.parseInt(e.key.substring(part + 2));
                    p.readFixes(k, value, WriteAtCommitStore.slot(kv, e.key));
                }
            }
        }
        rides.forEach((ride, panes) -> panes.panes.forEach((start, pane) -> {
            if (!pane.loaded()) {
                rewriteFixes(ride, start, pane);
            }
        }));
        return scannedTo;
    }

    // A pane's keys are made once, at its first put: the counts are put with every 50 Hz sample.
    void putCounts(String ride, long paneStart, Pane pane) {
        if (pane.countsSlot == null) {
            pane.countsSlot = WriteAtCommitStore.slot(kv, key(ride, paneStart, 'c'));
        }
        pane.countsSlot.put(pane.counts);
    }

    /** Puts the pane's newest fix: only the value that holds it changes. */
    void putFixes(String ride, long paneStart, Pane pane) {
        int k = pane.newestFixesValue();
        fixesSlot(ride, paneStart, pane, k).put(pane.fixesValue(k));
    }

    /** Deletes what the pane has in the store: each of its keys that was put (or loaded). */
    void delete(Pane pane) {
        if (pane.countsSlot != null) {
            pane.countsSlot.put(null);
        }
        for (WriteAtCommitStore.Slot<Encoded> slot : pane.fixesSlots) {
            if (slot != null) {
                slot.put(null);
            }
        }
    }

    /**
     * Writes the pane's fixes as {@link Pane} lays them out, and deletes any other value of them the store has. The
     * first value last (a commit writes in put order): a crash part-way under at-least-once leaves the old value for
     * all in place, which the next load takes alone again.
     */
    private void rewriteFixes(String ride, long paneStart, Pane pane) {
        for (int k = pane.fixesSlots.size() - 1; k >= pane.fixesValueCount(); k--) {
            if (pane.fixesSlots.get(k) != null) {
                pane.fixesSlots.get(k).put(null);
            }
        }
        for (int k = pane.fixesValueCount() - 1; k >= 0; k--) {
            fixesSlot(ride, paneStart, pane, k).put(pane.fixesValue(k));
        }
    }

    private WriteAtCommitStore.Slot<Encoded> fixesSlot(String ride, long paneStart, Pane pane, int k) {
        while (pane.fixesSlots.size() <= k) {
            pane.fixesSlots.add(null);
        }
        if (pane.fixesSlots.get(k) == null) {
            pane.fixesSlots.set(k, WriteAtCommitStore.slot(kv, key(ride, paneStart, 'f') + (k == 0 ? "" : k)));
        }
        return pane.fixesSlots.get(k);
    }

    void putClock() {
        clockSlot.put(clockValue);
    }

    /**
     * Saves this run's grid (with the close time so far) if the store does not hold it yet: at a task's first record,
     * not only when its first window closes. Otherwise a restart with other window sizes within the first window's
     * close time (about 34 s) read the old panes as panes of its own grid, and wrote wrong summaries without a word.
     */
    void saveGridOnce(long scannedTo) {
        if (!gridSaved) {
            putScannedTo(scannedTo);
        }
    }

    void putScannedTo(long closeTime) {
        gridSaved = true;
        kv.put(SCANNED, Encoded.of(SCANNED_FORMAT.allocate(32).putLong(closeTime).putLong(grid.sizeMs())
                .putLong(grid.advanceMs()).putLong(grid.graceMs()).array()));
    }

    /**
     * The close time, on this run's grid, up to which every window has been written. The grace comes from settings
     * a restart may change ({@code --tolerated-disorder}, {@code braking.merge.gap.s}): a close time saved under
     * another grace is moved by the difference, so the windows written before count as written. Read as it was, a
     * larger grace put the close of a window already written after it, and the window was written again from the
     * panes still held (a second, partial summary); a smaller one skipped windows not yet written. Other window
     * sizes make other panes: refused.
     */
    long scannedTo(byte[] value) {
        if (value.length == 9 && value[0] == SCANNED_FORMAT_1) {
            return ByteBuffer.wrap(value, 1, 8).getLong(); // saved without its grid: taken as this run's
        }
        ByteBuffer b = SCANNED_FORMAT.open(value);
        long closeTime = b.getLong();
        long size = b.getLong();
        long advance = b.getLong();
        long grace = b.getLong();
        if (size != grid.sizeMs() || advance != grid.advanceMs()) {
            throw new IllegalArgumentException("store " + SummaryProcessor.STORE + " holds windows of " + size
                    + " ms every " + advance + " ms, this run's are " + grid.sizeMs() + " ms every " + grid.advanceMs()
                    + " ms: keep --summary-size and --summary-advance, or reset the application"
                    + " (kafka-streams-application-reset) and delete its state dir");
        }
        return closeTime == Long.MIN_VALUE ? closeTime : closeTime - grace + grid.graceMs();
    }

    private static String key(String ride, long paneStart, char part) {
        return ride + '\0' + paneStart + '\0' + part;
    }
}
