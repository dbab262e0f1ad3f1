package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation that fails after it has written part of the fleet leaves none of it: a half-written fleet would
 * replay as if it were whole. What was in the output folder before stays; a folder the run created goes.
 */
class FailedGenerationTest {

    private static final FleetGenerator.Options FLEET = new FleetGenerator.Options(Path.of("unused"), 2, 40, 1, 4);

    @TempDir
    Path dir;

    @Test
    void aRunThatFailsInTheMiddleLeavesNoPartOfTheFleet() throws Exception {
        // configure: an output folder with a file of the user's and an empty locations folder (allowed)
        Path out = Files.createDirectories(dir.resolve("fleet"));
        Path mine = Files.writeString(out.resolve("README.txt"), "mine");
        Files.createDirectories(out.resolve("locations"));

        // a fault after the third partition, when several are written
        assertThatThrownBy(() -> FleetGenerator.generate(options(out), failAfter(2)))
                .isInstanceOf(IllegalStateException.class).hasMessage("simulated fault");

        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).containsExactlyInAnyOrder(mine, out.resolve("locations"));
        }
        assertThat(out.resolve("locations")).isEmptyDirectory();
        assertThat(mine).hasContent("mine");
    }

    @Test
    void aFolderTheFailedRunCreatedIsRemoved() {
        Path out = dir.resolve("new-fleet");

        assertThatThrownBy(() -> FleetGenerator.generate(options(out), failAfter(0)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(out).doesNotExist();
    }

    @Test
    void aRunThatSucceedsPutsEverythingInPlaceAndLeavesNoStaging() throws Exception {
        Path out = Files.createDirectories(dir.resolve("fleet"));
        Files.createDirectories(out.resolve("locations"));

        FleetGenerator.Summary summary = FleetGenerator.generate(options(out));

        try (Stream<Path> names = Files.list(out)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "locations", "accelerations", "ground-truth.csv", "phone-orientation.csv");
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(summary.files());
        }
    }

    private static FleetGenerator.Options options(Path out) {
        return new FleetGenerator.Options(out, FLEET.cars(), FLEET.durationS(), FLEET.seed(), FLEET.meanTickS());
    }

    private static IntConsumer failAfter(int partition) {
        return p -> {
            if (p == partition) {
                throw new IllegalStateException("simulated fault");
            }
        };
    }
}
