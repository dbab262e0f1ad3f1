package org.fleetstreams.replay.data;

import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;

import java.io.IOException;
import java.nio.file.Path;

/** The BddDataset tests' starting point: a valid data set of one fix and two samples of ride "r" in t=000.0. */
final class BddDatasetFixtures {

    private BddDatasetFixtures() {
    }

    static void writeValidDataset(Path dir) throws IOException {
        TestParquet.write(dir.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS,
                location("r", 0.5, 3.0));
        TestParquet.write(dir.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.02), acceleration("r", 0.04));
    }
}
