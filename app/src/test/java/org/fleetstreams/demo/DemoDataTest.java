package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which data set the demo takes, and how it refuses one it cannot replay, before any broker starts. */
class DemoDataTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");

    @Test
    void theRealDataWhenItIsThereElseTheBundledSampleAndAGivenFolderAlwaysWins(@TempDir Path project) throws Exception {
        assertThat(DemoData.choose(null, project)).isEqualTo(project.resolve("data/sample"));

        Files.createDirectories(project.resolve("data/bdd/locations"));
        assertThat(DemoData.choose(null, project)).isEqualTo(project.resolve("data/bdd"));

        assertThat(DemoData.choose(SAMPLE, project)).isEqualTo(SAMPLE);
    }

    @Test
    void aFolderWithoutADataSetOrWithBadDataIsNamedInTheError(@TempDir Path dir) throws Exception {
        assertThat(DemoData.problem(SAMPLE, true)).isNull();

        assertThat(DemoData.problem(dir, false)).startsWith("error: no data set at " + dir.toAbsolutePath().normalize())
                .contains("--data DIR");
        // given with --data: telling the user to pass --data DIR helps no one
        assertThat(DemoData.problem(dir, true)).startsWith("error: no data set at " + dir.toAbsolutePath().normalize())
                .contains("no 'locations' or 'accelerations' folder in it").doesNotContain("pass --data");

        Files.createDirectories(dir.resolve("locations/t=000.0"));
        Files.writeString(dir.resolve("locations/t=000.0/car.parquet"), "not parquet");
        assertThat(DemoData.problem(dir, true)).startsWith("error: --data " + dir + ": ").contains("car.parquet");
    }

    /** The replayer publishes accelerations alone; the demo's table needs GPS fixes, and says it lacks that folder. */
    @Test
    void aDataSetOfAccelerationsAloneNamesTheMissingFolder(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("accelerations/t=000.0"));

        assertThat(DemoData.problem(dir, true)).isEqualTo("error: --data " + dir + ": no 'locations' folder (expected "
                + dir.resolve("locations") + "/t=SSS.S/*.parquet): the demo's table and alerts come from the GPS fixes"
                + " (replayer.jar publishes accelerations alone)");
    }

    /** GPS files with no rows are refused as a missing GPS folder is: the demo's table comes from the fixes. */
    @Test
    void gpsFilesOfNoRowsBesideAccelerationsAreRefusedAsNoGps(@TempDir Path dir) throws Exception {
        DemoDataSets.noGpsRows(dir, 5);

        assertThat(DemoData.problem(dir, true)).isEqualTo("error: --data " + dir + ": its 'locations' files hold no"
                + " rows: the demo's table and alerts come from the GPS fixes (replayer.jar publishes accelerations alone)");
    }

    /** data/bdd picked because it is there, not given: its error does not say --data as if the user had typed it. */
    @Test
    void aBrokenDataSetPickedWithoutDataIsNamedAsPicked(@TempDir Path project) throws Exception {
        Files.createDirectories(project.resolve("data/bdd/locations/t=000.0"));
        Files.writeString(project.resolve("data/bdd/locations/t=000.0/car.parquet"), "not parquet");
        Path picked = DemoData.choose(null, project);

        assertThat(DemoData.problem(picked, false))
                .startsWith("error: " + picked + " (picked as it is there; --data DIR replays another): ")
                .contains("car.parquet").doesNotContain("--data " + picked);
    }

    @Test
    void theLineSaysWhetherItIsTheSampleOrTheRealData() {
        assertThat(DemoData.describe(SAMPLE, true)).contains("synthetic fleet bundled with the project");
        assertThat(DemoData.describe(Path.of("data", "bdd"), false)).isEqualTo("Data: data/bdd (the real BDD data)");
        assertThat(DemoData.describe(Path.of("/elsewhere"), true)).isEqualTo("Data: /elsewhere");
    }
}
