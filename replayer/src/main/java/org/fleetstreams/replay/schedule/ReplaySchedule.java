package org.fleetstreams.replay.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.BiFunction;
import org.fleetstreams.common.OffsetClock;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;

/**
 * The replay order: every row of both kinds and all cars, merged into one time-ordered sequence.
 *
 * <p>A k-way merge over per-file cursors (a priority queue keyed by clock time). Files are opened lazily:
 * a file joins the merge only when the merge has reached the earliest time it can contain (its footer's
 * min offset, or its tick for {@link ClockMode#PARTITION}). So only the files that overlap "now" are in
 * memory, plus a fixed read-ahead window ({@value #READ_AHEAD_FILES} files, read by {@link FilePrefetcher}),
 * whatever the data set's length; {@code --fleet} clones rows at publish time, so it does not multiply memory.
 *
 * <p>Passes: pass {@code p} shifts both the schedule and event time by {@code p * passLengthMillis} (the
 * data's span plus a gap), so event time keeps increasing across loops.
 */
public final class ReplaySchedule implements Iterator<ScheduledReading>, AutoCloseable {

    /** Files read ahead of the merge; each is one car's rows in one partition, a few KB to a few hundred KB. */
    static final int READ_AHEAD_FILES = 64;

    private final List<DataFile> files;
    private final ClockMode clock;
    private final long epochMillis;
    private final int passes;
    private boolean rowInThisPass;
    private final long passLengthMillis;
    private final FilePrefetcher prefetcher;

    private final PriorityQueue<Cursor> open = new PriorityQueue<>(Cursor.ORDER);
    private int nextFile;
    private int pass;
    private long cursorSeq;
    private int maxOpenFiles;
    private ScheduledReading next;

    /**
     * @param passes number of passes through the data set; 0 = forever
     * @param gapMillis pause between passes, in simulated time
     */
    public ReplaySchedule(BddDataset dataset, ClockMode clock, long epochMillis, int passes, long gapMillis,
                          RowSkips skips) {
        this(dataset.files(), clock, epochMillis, passes,
                passLengthMillis(dataset, gapMillis), skips,
                (file, s) -> ParquetRows.read(file.kind(), file.path(), s));
    }

    ReplaySchedule(List<DataFile> files, ClockMode clock, long epochMillis, int passes, long passLengthMillis,
                   RowSkips skips, BiFunction<DataFile, RowSkips, List<SensorReading>> reader) {
        if (passes < 0) {
            throw new IllegalArgumentException("passes must be >= 0 (0 = forever), was " + passes);
        }
        this.clock = clock;
        this.epochMillis = epochMillis;
        this.passes = passes;
        this.passLengthMillis = passLengthMillis;
        this.files = new ArrayList<>(files);
        this.files.sort(Comparator.comparingDouble(this::lowerBound));
        this.prefetcher = new FilePrefetcher(this.files, passes, reader, skips, READ_AHEAD_FILES);
    }

    /**
     * Simulated length of one pass: the data's span (offsets and ticks) rounded up to a millisecond, plus the gap.
     * Pass {@code p} starts exactly {@code p} pass lengths after pass 0, in schedule and in event time.
     */
    public static long passLengthMillis(BddDataset dataset, long gapMillis) {
        double first = Math.min(dataset.minOffset(), dataset.minPartitionSeconds());
        double last = Math.max(dataset.maxOffset(), dataset.maxPartitionSeconds());
        return (long) Math.ceil((last - first) * 1000.0) + Math.max(1, gapMillis);
    }

    public long passLengthMillis() {
        return passLengthMillis;
    }

    /** The first simulated second of pass 0: where pacing starts. */
    public double firstSimSeconds() {
        // a file without rows has nothing to pace (as in BddDataset's time range)
        return files.stream().filter(f -> f.rowCount() > 0).findFirst().map(this::lowerBound).orElse(0.0);
    }

    /**
     * The last simulated second of pass 0: where its last row is paced, the largest offset, or for
     * {@link ClockMode#PARTITION} the last tick (a progress that ends at 100 %, in either mode).
     */
    public double lastSimSeconds() {
        return files.stream().filter(f -> f.rowCount() > 0)
                .mapToDouble(f -> clock == ClockMode.OFFSET ? f.maxOffset() : f.partitionSeconds()).max().orElse(0.0);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public ScheduledReading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ScheduledReading out = next;
        next = null;
        return out;
    }

    private ScheduledReading advance() {
        while (true) {
            while (nextFile < files.size()
                    && (open.isEmpty() || lowerBound(files.get(nextFile)) <= open.peek().key)) {
                openFile(files.get(nextFile++));
            }
            Cursor cursor = open.poll();
            if (cursor == null) {
                // A pass with no row to publish (every row skipped) would make the next one the same: a loop over it
                // would read the files forever and never yield, so it ends here as if the passes were done.
                if (files.isEmpty() || !rowInThisPass || (passes != 0 && pass + 1 >= passes)) {
                    return null;
                }
                pass++;
                nextFile = 0;
                rowInThisPass = false;
                continue;
            }
            rowInThisPass = true;
            SensorReading row = cursor.rows.get(cursor.index);
            double simSeconds = pass * (passLengthMillis / 1000.0) + cursor.key;
            long eventTime = OffsetClock.eventTime(epochMillis + pass * passLengthMillis, row.offset());
            if (cursor.advance()) {
                open.add(cursor);
            }
            return new ScheduledReading(simSeconds, eventTime, pass, cursor.file.kind(), row);
        }
    }

    /** Opens the next file in {@link #files} order; the prefetcher reads them in that same order. */
    private void openFile(DataFile file) {
        List<SensorReading> rows = new ArrayList<>(prefetcher.next());
        if (rows.isEmpty()) {
            return;
        }
        // Files are written sorted by offset; sort defensively (stable, so ties keep file order).
        rows.sort(Comparator.comparingDouble(SensorReading::offset));
        if (clock == ClockMode.OFFSET && rows.get(0).offset() < file.minOffset() - 1e-9) {
            throw new InvalidDatasetException(file.path() + ": footer statistics give min offset "
                    + file.minOffset() + " but a row has offset " + rows.get(0).offset() + "; the file's statistics are"
                    + " wrong (rewrite the file); the replay stopped before this file, what came before it was published");
        }
        Cursor cursor = new Cursor(file, rows, cursorSeq++);
        cursor.key = key(file, rows.get(0));
        open.add(cursor);
        maxOpenFiles = Math.max(maxOpenFiles, open.size());
    }

    @Override
    public void close() {
        prefetcher.close();
    }

    /** The most files held in memory at once so far: the schedule's memory bound, observable. */
    public int maxOpenFiles() {
        return maxOpenFiles;
    }

    private double lowerBound(DataFile file) {
        return clock == ClockMode.OFFSET ? file.minOffset() : file.partitionSeconds();
    }

    private double key(DataFile file, SensorReading row) {
        return clock == ClockMode.OFFSET ? row.offset() : file.partitionSeconds();
    }

    /** One open file, positioned at its next row. Ties break by offset, kind, ride and open order: deterministic. */
    private final class Cursor {
        static final Comparator<Cursor> ORDER = Comparator.<Cursor>comparingDouble(c -> c.key)
                .thenComparingDouble(c -> c.rows.get(c.index).offset())
                .thenComparing(c -> c.file.kind())
                .thenComparing(c -> c.rows.get(c.index).rideId())
                .thenComparingLong(c -> c.seq);

        final DataFile file;
        final List<SensorReading> rows;
        final long seq;
        int index;
        double key;

        Cursor(DataFile file, List<SensorReading> rows, long seq) {
            this.file = file;
            this.rows = rows;
            this.seq = seq;
        }

        boolean advance() {
            index++;
            if (index >= rows.size()) {
                return false;
            }
            key = key(file, rows.get(index));
            return true;
        }
    }
}
