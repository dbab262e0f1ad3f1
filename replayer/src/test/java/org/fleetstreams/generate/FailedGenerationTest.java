package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation that fails after it has written part of the fleet takes that part away again: a half-written fleet
 * would replay as if it were whole. What was in the folder before stays.
 */
class FailedGenerationTest {

    @TempDir
    Path dir;

    @Test
    void aRunThatFailsAfterWritingThePartitionsLeavesNoneOfThem() throws Exception {
        // a folder where the ground truth file should go: writing it fails once every partition is written
        Path out = dir.resolve("fleet");
        Path inTheWay = Files.createDirectories(out.resolve("ground-truth.csv"));
        Path keep = Files.writeString(inTheWay.resolve("notes.txt"), "mine");
        Path alsoKeep = Files.writeString(out.resolve("README.txt"), "mine too");

        assertThatThrownBy(() -> FleetGenerator.generate(new FleetGenerator.Options(out, 2, 20, 1, 4)))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(out.resolve("locations")).doesNotExist();
        assertThat(out.resolve("accelerations")).doesNotExist();
        assertThat(out.resolve("phone-orientation.csv")).doesNotExist();
        assertThat(keep).hasContent("mine");
        assertThat(alsoKeep).hasContent("mine too");
    }

    @Test
    void aRunThatSucceedsKeepsWhatItWrote() {
        Path out = dir.resolve("fleet");

        FleetGenerator.Summary summary = FleetGenerator.generate(new FleetGenerator.Options(out, 2, 20, 1, 4));

        assertThat(summary.locationRows()).isPositive();
        assertThat(out.resolve("locations")).isDirectory();
        assertThat(out.resolve("accelerations")).isDirectory();
        assertThat(out.resolve("ground-truth.csv")).isRegularFile();
    }
}
