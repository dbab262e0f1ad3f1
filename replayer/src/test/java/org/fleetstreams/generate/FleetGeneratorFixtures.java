package org.fleetstreams.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;

/** The generator tests' reader: every row of a generated data set, as the replayer reads it. */
final class FleetGeneratorFixtures {

    private FleetGeneratorFixtures() {
    }

    static List<SensorReading> rows(Path data) {
        List<SensorReading> out = new ArrayList<>();
        for (DataFile f : BddDataset.open(data).files()) {
            out.addAll(ParquetRows.read(f.kind(), f.path(), new RowSkips()));
        }
        return out;
    }
}
