package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path dir;

    @Test
    void deletesAFolderWithEverythingInItAndNothingBeside() throws Exception {
        Path root = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(root.resolve("f.txt"), "x");
        Files.writeString(dir.resolve("a/g.txt"), "y");
        Path beside = Files.writeString(dir.resolve("beside.txt"), "z");

        FileTrees.delete(dir.resolve("a"));

        assertThat(dir.resolve("a")).doesNotExist();
        assertThat(beside).hasContent("z");
    }

    @Test
    void aMissingFolderIsNothingToDo() throws Exception {
        FileTrees.delete(dir.resolve("missing"));
        assertThat(FileTrees.deleteQuietly(dir.resolve("missing"))).isTrue();
    }

    @Test
    void aLinkIsDeletedNotFollowed() throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Path kept = Files.writeString(target.resolve("kept.txt"), "k");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("link"), target);

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(kept).hasContent("k");
    }
}
