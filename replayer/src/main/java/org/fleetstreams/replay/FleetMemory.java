package org.fleetstreams.replay;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.SensorKind;

/**
 * How much heap {@code --fleet N} needs. {@link FleetCloner} keeps every clone's ids of every ride it has seen, built
 * once per ride so that the hot loop does one lookup per row: about {@value #BYTES_PER_CLONE} bytes per clone of a
 * ride (three 32-character ids as Strings, about 76 bytes each with their arrays, and as the key and JSON-quoted bytes
 * with their {@code Identity}, about 250), so 35 rides x 100,000 clones take about 1.7 GB. Checked before the
 * replay, so that a fleet too large for the heap is one line and exit 2, not an OutOfMemoryError mid-run.
 *
 * <p>The trade-off: the ids may take half the heap ({@link #HEAP_SHARE}); the rest is for the producer's buffer (32 MB
 * by default), the files read ahead and the JVM. Recomputing the MD5 ids per row would need no such memory but cost
 * three digests per clone per row.
 */
final class FleetMemory {

    static final long BYTES_PER_CLONE = 480;
    static final double HEAP_SHARE = 0.5;
    private static final double MB = 1024 * 1024;
    private static final long GB = 1024L * 1024 * 1024;
    /** Spark's and Hive's part files: {@code part-00000-<job>.c000.snappy.parquet}, {@code 000000_0}. */
    private static final Pattern PART_FILE = Pattern.compile("(?i)part-\\d+.*|\\d+_\\d+(\\..*)?");

    private FleetMemory() {
    }

    /** How many rides' clone ids fit in {@code maxMemory} at this fleet size. */
    static long ridesWithin(int fleet, long maxMemory) {
        return (long) (maxMemory * HEAP_SHARE / ((double) fleet * BYTES_PER_CLONE));
    }

    /**
     * Refuses a fleet whose ids for {@code rides} rides would not fit ({@link #ridesWithin}).
     *
     * @throws InvalidDatasetException one line: how much heap it needs, and how to give it
     */
    static void check(int fleet, long rides, long maxMemory) {
        if (fleet > 1 && rides > ridesWithin(fleet, maxMemory)) {
            throw new InvalidDatasetException(tooLarge(fleet, rides, maxMemory));
        }
    }

    static String tooLarge(int fleet, long rides, long maxMemory) {
        double needed = (double) fleet * rides * BYTES_PER_CLONE;
        long heapGb = Math.max(1, (long) Math.ceil(needed / HEAP_SHARE / GB));
        return String.format("--fleet %d: the ids of %d rides x %d clones need about %.0f MB of heap, and this JVM"
                + " may use %.0f MB (half of it for the ids). Give it %d GB (java -Xmx%dg -jar replayer.jar ...) or use"
                + " a smaller --fleet", fleet, rides, fleet, needed / MB, maxMemory / MB, heapGb, heapGb);
    }

    /**
     * The data set's rides, estimated from its file names: the BDD layout has one file per car per partition, named
     * by the car's uuid (35 names for the 35 rides of the real data, 20 for data/sample's 20 cars).
     */
    static long estimateRides(BddDataset dataset) {
        long most = 0;
        for (SensorKind kind : SensorKind.values()) {
            most = Math.max(most, ridesIn(dataset.files(kind).stream().map(DataFile::path).toList()));
        }
        return most;
    }

    /**
     * The rides of one kind's files, from their names. A car is named by the entry under its {@code t=} folder: its
     * file, or Spark's {@code car.parquet/} folder of part files (whose own names are unique per write, and would
     * count one car once per partition). Part files right under a {@code t=} folder ({@code part-00000-...},
     * Hive's {@code 000000_0}) name no car: they count as the most any one partition holds. An estimate that is too
     * high refuses a fleet that fits, so it errs low; {@link FleetCloner} stops the replay with the same line once the
     * rides it has seen no longer fit.
     */
    static long ridesIn(Collection<Path> files) {
        Set<String> cars = new HashSet<>();
        Map<Path, Integer> partsPerPartition = new HashMap<>();
        for (Path file : files) {
            Path entry = file;
            while (entry.getParent() != null && !isPartition(entry.getParent())) {
                entry = entry.getParent();
            }
            if (entry.getParent() == null) {
                entry = file; // under no t= folder (not a data set's file): by its own name
            }
            String name = String.valueOf(entry.getFileName());
            if (isPartition(entry.getParent()) && PART_FILE.matcher(name).matches()) {
                partsPerPartition.merge(entry.getParent(), 1, Integer::sum);
            } else {
                cars.add(name);
            }
        }
        return cars.size() + partsPerPartition.values().stream().mapToLong(Integer::longValue).max().orElse(0);
    }

    private static boolean isPartition(Path folder) {
        Path name = folder == null ? null : folder.getFileName();
        return name != null && BddDataset.isPartitionName(name.toString());
    }
}
