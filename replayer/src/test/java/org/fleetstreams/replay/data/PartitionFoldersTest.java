package org.fleetstreams.replay.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.fleetstreams.replay.data.PartitionFolders.Contents;
import org.junit.jupiter.api.Test;

/** How a partition's file without a {@code .parquet} name is told to be Parquet: by its first bytes. */
class PartitionFoldersTest {

    private static final Path PART = Path.of("locations", "t=000.0", "000000_0");

    @Test
    void aFileIsParquetWhenItStartsWithTheMagic() {
        assertThat(PartitionFolders.magic(PART, f -> bytes("PAR1\u0015\u0004"))).isEqualTo(Contents.PARQUET);
        assertThat(PartitionFolders.magic(PART, f -> bytes("notes about the data"))).isEqualTo(Contents.OTHER);
        assertThat(PartitionFolders.magic(PART, f -> bytes(""))).isEqualTo(Contents.OTHER);
    }

    /**
     * A part file that cannot be read (no read permission: as root, as CI runs, a real file could not show it) was
     * "not Parquet" and skipped with a warning, its rows lost and the run's exit 0; the same file named {@code
     * x.parquet} was an error naming it. Now it is told apart: in a partition it counts as Parquet, so its footer's
     * read names it; beside the partitions it is an error of its own.
     */
    @Test
    void aFileThatCannotBeReadIsToldApart() {
        assertThat(PartitionFolders.magic(PART, f -> {
            throw new AccessDeniedException(f.toString());
        })).isEqualTo(Contents.UNREADABLE);
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
