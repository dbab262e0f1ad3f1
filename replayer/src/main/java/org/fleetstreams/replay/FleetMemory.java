package org.fleetstreams.replay;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.fleetstreams.replay.data.BddDataset;
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
     * by the car's uuid (35 names for the 35 rides of the real data, 20 for data/sample's 20 cars). Files named
     * otherwise (Spark's {@code part-00000-...}, each holding several rides) count low; {@link FleetCloner} then stops
     * the replay with the same line once the rides it has seen no longer fit.
     */
    static long estimateRides(BddDataset dataset) {
        long most = 0;
        for (SensorKind kind : SensorKind.values()) {
            Set<Path> names = dataset.files(kind).stream().map(f -> f.path().getFileName()).collect(Collectors.toSet());
            most = Math.max(most, names.size());
        }
        return most;
    }
}
