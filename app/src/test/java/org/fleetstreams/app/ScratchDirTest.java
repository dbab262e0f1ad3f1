package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirTest {

    @Test
    void closingDeletesTheDirectoryWithEverythingInIt() throws Exception {
        Path dir;
        try (ScratchDir scratch = ScratchDir.create("scratch-test")) {
            dir = scratch.path();
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("c.txt"), "state");
            Files.writeString(dir.resolve("d.txt"), "more");
        }

        assertThat(dir).doesNotExist();
    }

    @Test
    void aDirectoryAlreadyGoneIsNoFailure() throws Exception {
        ScratchDir scratch = ScratchDir.create("scratch-test");
        Files.delete(scratch.path());

        scratch.close();

        assertThat(scratch.path()).doesNotExist();
    }
}
