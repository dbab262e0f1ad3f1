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
        assertThat(DemoData.problem(SAMPLE)).isNull();

        assertThat(DemoData.problem(dir)).startsWith("error: no data set at " + dir.toAbsolutePath().normalize())
                .contains("--data DIR");

        Files.createDirectories(dir.resolve("locations/t=000.0"));
        Files.writeString(dir.resolve("locations/t=000.0/car.parquet"), "not parquet");
        assertThat(DemoData.problem(dir)).startsWith("error: --data " + dir + ": ").contains("car.parquet");
    }

    @Test
    void theLineSaysWhetherItIsTheSampleOrTheRealData() {
        assertThat(DemoData.describe(SAMPLE, true)).contains("synthetic fleet bundled with the project");
        assertThat(DemoData.describe(Path.of("data", "bdd"), false)).isEqualTo("Data: data/bdd (the real BDD data)");
        assertThat(DemoData.describe(Path.of("/elsewhere"), true)).isEqualTo("Data: /elsewhere");
    }
}
