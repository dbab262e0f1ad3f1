package org.fleetstreams.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Which data set the demo replays, and whether it can: chosen and checked before a broker starts, so that bad data is
 * refused as bad input (exit 2), naming the folder, and not found half-way through a replay.
 */
final class DemoData {

    private DemoData() {
    }

    /** The folder given with {@code --data}; else {@code data/bdd} under {@code base} when it holds one; else {@code data/sample}. */
    static Path choose(Path given, Path base) {
        if (given != null) {
            return given;
        }
        Path bdd = base.resolve(ReplayConfig.DEFAULT_DATA);
        return Files.isDirectory(bdd.resolve(SensorKind.LOCATIONS.folder())) ? bdd
                : base.resolve(Path.of("data", "sample"));
    }

    /**
     * Null when {@code dir} is a data set the replayer can read and that holds rows, else the console's error line,
     * naming the folder as the user chose it ({@code given}: with {@code --data}, else picked by {@link #choose}).
     * A data set of no rows at all is refused here: the replay would publish nothing, and there would be no table.
     * The replayer takes one kind alone; the demo needs the GPS fixes (its table's distances and speeds, and every
     * alert, come from them), so a set of accelerations alone is refused, naming the folder it lacks.
     */
    static String problem(Path dir, boolean given) {
        Path gps = dir.resolve(SensorKind.LOCATIONS.folder());
        if (!Files.isDirectory(gps) && !Files.isDirectory(dir.resolve(SensorKind.ACCELERATIONS.folder()))) {
            return "error: no data set at " + dir.toAbsolutePath().normalize() + (given
                    ? " (no '" + SensorKind.LOCATIONS.folder() + "' or '" + SensorKind.ACCELERATIONS.folder()
                    + "' folder in it; data/README.md says how to get the BDD data)"
                    : " (run from the project root, or pass --data DIR)");
        }
        String name = given ? "--data " + dir : dir + " (picked as it is there; --data DIR replays another)";
        if (!Files.isDirectory(gps)) {
            return "error: " + name + ": no '" + SensorKind.LOCATIONS.folder() + "' folder (expected " + gps
                    + "/t=SSS.S/*.parquet): the demo's table and alerts come from the GPS fixes (replayer.jar publishes"
                    + " accelerations alone)";
        }
        try {
            BddDataset dataset = BddDataset.open(dir);
            if (dataset.rowCount(SensorKind.LOCATIONS) + dataset.rowCount(SensorKind.ACCELERATIONS) == 0) {
                return "error: " + name + ": its Parquet files hold no rows: nothing to replay";
            }
            if (dataset.rowCount(SensorKind.LOCATIONS) == 0) { // as a missing folder: the table comes from the fixes
                return "error: " + name + ": its '" + SensorKind.LOCATIONS.folder() + "' files hold no rows: the demo's"
                        + " table and alerts come from the GPS fixes (replayer.jar publishes accelerations alone)";
            }
            return null;
        } catch (InvalidDatasetException e) {
            return "error: " + name + ": " + e.getMessage();
        }
    }

    /** The console's line saying what is replayed ({@code given}: chosen with {@code --data}). */
    static String describe(Path dir, boolean given) {
        return "Data: " + dir + (dir.endsWith(Path.of("data", "sample"))
                ? " (synthetic fleet bundled with the project; put the real BDD data in data/bdd, see data/README.md)"
                : given ? "" : " (the real BDD data)");
    }
}
