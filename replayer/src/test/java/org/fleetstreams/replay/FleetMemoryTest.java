package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;

/**
 * {@code --fleet N} keeps every clone's ids of every ride in memory: a fleet the heap cannot hold is one line before
 * the replay (or, with more rides than estimated, when the ride comes), not an OutOfMemoryError. The heap is
 * injected, so no test needs one that runs out.
 */
class FleetMemoryTest {

    private static final long GB = 1024L * 1024 * 1024;

    /** The audit's case: 35 rides x 100,000 clones, about 1.6 GB, refused in a 1 GB heap with how to fix it. */
    @Test
    void aFleetWhoseIdsDoNotFitInHalfTheHeapIsRefusedSayingWhatItNeeds() {
        assertThatThrownBy(() -> FleetMemory.check(100_000, 35, GB)).isInstanceOf(InvalidDatasetException.class)
                .hasMessage("--fleet 100000: the ids of 35 rides x 100000 clones need about 1602 MB of heap, and this"
                        + " JVM may use 1024 MB (half of it for the ids). Give it 4 GB (java -Xmx4g -jar replayer.jar"
                        + " ...) or use a smaller --fleet");

        FleetMemory.check(100_000, 35, 4 * GB);
        FleetMemory.check(1_000, 35, GB);
        FleetMemory.check(1, 1_000_000, 1); // no clones, nothing kept
    }

    /** No heap holds 35 rides x 50 million clones (about 800 GB): refused before any broker is asked. */
    @Test
    void aReplayWhoseFleetCannotFitIsRefusedBeforeConnecting() {
        ReplayConfig config = ReplayConfig.defaults(TestData.bdd(), "localhost:9", Topics.withPrefix("fleet"))
                .withFleet(50_000_000).withSpeed(Double.POSITIVE_INFINITY).withProgressInterval(Duration.ZERO)
                .withConnectTimeout(Duration.ofSeconds(1));
        StringWriter err = new StringWriter();

        int code = new ReplayJob(config, new PrintWriter(new StringWriter()), new PrintWriter(err), WallClock.SYSTEM)
                .run();

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).startsWith("error: --fleet 50000000: the ids of 35 rides x 50000000 clones need")
                .doesNotContain("cannot reach");
    }

    @Test
    void theRidesAreEstimatedFromTheCarsFileNames() {
        assertThat(FleetMemory.estimateRides(BddDataset.open(TestData.bdd()))).isEqualTo(TestData.RIDES);
        assertThat(FleetMemory.estimateRides(BddDataset.open(Path.of("..", "data", "sample")))).isEqualTo(20);
    }

    /**
     * Spark names its part files uniquely per write: counted by those names, 2 cars written one partition at a time
     * into 3 partitions were 6 rides, and a fleet that fits was refused. A car is its entry under the {@code t=}
     * folder; part files right under it name no car and count as the most one partition holds.
     */
    @Test
    void sparksPartFilesAreNotTakenForCars() {
        Path root = Path.of("data", "locations");
        List<Path> carFolders = new ArrayList<>();
        List<Path> bare = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Path partition = root.resolve("t=00" + t + ".0");
            for (String car : List.of("a1", "b2")) {
                carFolders.add(partition.resolve(car + ".parquet")
                        .resolve("part-00000-job" + t + car + ".c000.snappy.parquet"));
            }
            bare.add(partition.resolve("part-00000-job" + t + ".c000.snappy.parquet"));
            if (t == 1) {
                bare.add(partition.resolve("part-00001-job" + t + ".c000.snappy.parquet"));
                bare.add(partition.resolve("000002_0"));
            }
        }

        assertThat(FleetMemory.ridesIn(carFolders)).as("car.parquet/part-... folders").isEqualTo(2);
        assertThat(FleetMemory.ridesIn(bare)).as("part files under t=: the most in one partition").isEqualTo(3);
        assertThat(FleetMemory.ridesIn(List.of(root.resolve("t=000.0/a1.parquet"), root.resolve("t=001.0/a1.parquet"),
                root.resolve("t=001.0/b2.parquet")))).as("the BDD layout").isEqualTo(2);
    }

    /** More rides than estimated: the ride that does not fit stops the replay with the same line. */
    @Test
    void theClonerStopsAtTheFirstRideWhoseIdsDoNotFit() {
        List<SensorReading> firstRowOfThreeRides = firstRows(3);
        int fleet = 1_000;
        long twoRides = 2 * 2 * fleet * FleetMemory.BYTES_PER_CLONE; // half the heap holds two rides' ids
        FleetCloner cloner = new FleetCloner(fleet, twoRides);

        assertThat(cloner.identities(firstRowOfThreeRides.get(0))).hasSize(fleet);
        assertThat(cloner.identities(firstRowOfThreeRides.get(1))).hasSize(fleet);
        assertThatThrownBy(() -> cloner.identities(firstRowOfThreeRides.get(2)))
                .isInstanceOf(InvalidDatasetException.class).hasMessageStartingWith("--fleet 1000: the ids of 3 rides");
        assertThat(cloner.identities(firstRowOfThreeRides.get(0))).as("a ride it holds goes on").hasSize(fleet);
        assertThat(new FleetCloner(1, 1).identities(firstRowOfThreeRides.get(2))).as("no clones").hasSize(1);
    }

    private static List<SensorReading> firstRows(int rides) {
        Map<String, SensorReading> first = new LinkedHashMap<>();
        for (DataFile file : BddDataset.open(TestData.bdd()).files()) {
            for (SensorReading row : ParquetRows.read(file.kind(), file.path(), new RowSkips())) {
                first.putIfAbsent(row.rideId(), row);
                if (first.size() == rides) {
                    return List.copyOf(first.values());
                }
            }
        }
        throw new IllegalStateException("fewer than " + rides + " rides");
    }
}
