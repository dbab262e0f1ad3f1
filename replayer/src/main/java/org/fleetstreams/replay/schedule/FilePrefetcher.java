package org.fleetstreams.replay.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.fleetstreams.common.DaemonThreads;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.RowSkips;

/**
 * Reads the files the schedule will open next on a background thread, a fixed number of files ahead.
 *
 * <p>Decoding a Parquet file takes about a millisecond (much more while the JIT is cold); doing it on the
 * replay thread made every record that followed a file opening late (measured p99 lag of 226 ms at 10x).
 * The window bounds memory: at most {@code window} read-but-unopened files exist at once.
 */
final class FilePrefetcher implements AutoCloseable {

    private final List<DataFile> files;
    private final int passes;
    private final BiFunction<DataFile, RowSkips, List<SensorReading>> reader;
    private final RowSkips skips;
    private final int window;
    private final ExecutorService executor;
    /** Each read counts its skipped rows on its own: they join {@link #skips} when the schedule takes the file. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private record Read(List<SensorReading> rows, RowSkips skips) {
    }

    private record Pending(DataFile file, Future<Read> read) {
    }
    private long submitted;

    /** @param passes 0 = forever; files are read in order, pass after pass */
    FilePrefetcher(List<DataFile> files, int passes, BiFunction<DataFile, RowSkips, List<SensorReading>> reader,
                   RowSkips skips, int window) {
        this.files = files;
        this.passes = passes;
        this.reader = reader;
        this.skips = skips;
        this.window = window;
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("replay-file-reader"));
    }

    /** The rows of the next file in schedule order (the same order as {@code files}, pass after pass). */
    List<SensorReading> next() {
        fill();
        Pending head = pending.poll();
        fill();
        try {
            Read read = head.read().get();
            // counted when taken, not when read ahead: a replay that stops (a loop that ends, Ctrl-C) counts the rows
            // of the files it published, not of up to a window of files it never got to
            skips.addAll(read.skips());
            return read.rows();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof OutOfMemoryError oom) {
                // the reader's rows are garbage by now: one line naming the file, exit 2 after the summary of what was
                // published, as for a file whose pages are corrupt; before, "java.io.UncheckedIOException: ...
                // OutOfMemoryError", exit 1 and no summary
                throw outOfMemory(head.file(), oom, Runtime.getRuntime().maxMemory(), window);
            }
            if (e.getCause() instanceof Error error) {
                throw error; // not bad input: the JVM's own trouble, as it is
            }
            throw new UncheckedIOException(head.file().path() + ": cannot read rows", new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading ahead", e);
        }
    }

    private void fill() {
        long total = passes == 0 ? Long.MAX_VALUE : (long) passes * files.size();
        while (pending.size() < window && submitted < total) {
            DataFile file = files.get((int) (submitted % files.size()));
            pending.add(new Pending(file, executor.submit(() -> {
                RowSkips own = new RowSkips();
                return new Read(reader.apply(file, own), own);
            })));
            submitted++;
        }
    }

    /**
     * A file's rows did not fit in the heap: all of them are held at once, with up to {@code window} files read ahead.
     * Names the file and the heap to give (twice this JVM's, at least 1 GB).
     */
    static InvalidDatasetException outOfMemory(DataFile file, OutOfMemoryError oom, long maxMemory, int window) {
        long gb = Math.max(1, (long) Math.ceil(2.0 * maxMemory / (1L << 30)));
        InvalidDatasetException e = new InvalidDatasetException(String.format("%s: out of memory while reading its %d"
                + " rows (%s; this JVM may use %d MB, and a file's rows are held in memory, with up to %d files read"
                + " ahead). Give it more heap (java -Xmx%dg -jar replayer.jar ...) or split the file",
                file.path(), file.rowCount(), oom, maxMemory >> 20, window, gb));
        e.initCause(oom);
        return e;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
