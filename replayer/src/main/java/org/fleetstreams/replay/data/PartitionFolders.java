package org.fleetstreams.replay.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Walking a data set's folders for {@link BddDataset}: which entries are hidden, which files are Parquet, and the
 * files a {@code t=} partition folder holds. Problems found on the way are added to the caller's list, each naming
 * its file or folder.
 */
final class PartitionFolders {

    private PartitionFolders() {
    }

    /** Spark's {@code _SUCCESS}, {@code _temporary/}, {@code .crc} files: left out wherever they are. */
    static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    static boolean isParquetName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /**
     * Whether a folder holds a Parquet file, by its name or its magic (as a partition's files are told apart), below
     * any hidden entry (a Spark job's {@code _temporary/} output is not data yet).
     */
    static boolean holdsParquet(Path folder) {
        try (Stream<Path> walk = Files.walk(folder, 8, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !hiddenBelow(folder, p)).anyMatch(PartitionFolders::isParquet);
        } catch (IOException | RuntimeException e) {
            return true; // unreadable or a link loop: say so rather than skip it
        }
    }

    private static boolean hiddenBelow(Path folder, Path path) {
        for (Path name : folder.relativize(path)) {
            if (isHidden(name.toString())) {
                return true;
            }
        }
        return false;
    }

    /** A file of zero bytes; false when its size cannot be read (the footer's read then names the problem). */
    static boolean isEmptyFile(Path file) {
        try {
            return Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** What a file holds, as far as its name and first bytes tell. */
    enum Contents { PARQUET, OTHER, UNREADABLE }

    /**
     * Whether a file is Parquet, by its name or its magic: Hive and Spark name their part files {@code 000000_0} or
     * {@code part-00000-...} without an extension, and Spark reads every file of a folder that is not hidden, so a
     * file that starts with Parquet's magic is read whatever its name. Regular files only: a pipe or a device could
     * make the open wait forever (and a folder named {@code car.parquet} is Spark's folder of part files). One that
     * cannot be read counts as Parquet, as {@link #holdsParquet} counts an unreadable folder: in a partition, its
     * footer's read then names it (exit 2); skipped as "not Parquet", its rows were lost with a warning, exit 0.
     */
    static boolean isParquet(Path file) {
        return contents(file) != Contents.OTHER;
    }

    static Contents contents(Path file) {
        if (!Files.isRegularFile(file)) {
            return Contents.OTHER;
        }
        if (isParquetName(file.getFileName().toString())) {
            return Contents.PARQUET;
        }
        return magic(file, Files::newInputStream);
    }

    /** An opener of a file's bytes (a test's may fail as an unreadable file does). */
    interface Opener {
        InputStream open(Path file) throws IOException;
    }

    /** Whether the file starts with Parquet's magic, or cannot be read. */
    static Contents magic(Path file, Opener opener) {
        try (InputStream in = opener.open(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC) ? Contents.PARQUET : Contents.OTHER;
        } catch (IOException e) {
            return Contents.UNREADABLE;
        }
    }

    /**
     * The files of a partition folder, and those of the folders inside it, at any depth: Spark writes one car's rows
     * to {@code t=000.0/car.parquet/} as a folder of part files (beside its {@code _SUCCESS}). Entries starting with
     * {@code _} or {@code .} are left out, as at the top. A folder or file reached a second time (a link to a folder
     * above, or to another partition) would publish its rows twice, and a {@code t=} folder inside a partition has two
     * times: each is an error naming it. So is a Hive-style {@code <column>=<value>} folder whose column this kind
     * reads ({@code uuid=19b9.../}, as Spark's {@code partitionBy("t", "uuid")} writes, leaving the column out of the
     * files): Spark gives its rows that column from the folder's name, the replayer did not and published them with a
     * null uuid and only a warning. Taking values from names would mean typing them (is {@code id=12} text or a
     * number?) and choosing between a name and a file that both hold one: refusing is the smaller promise.
     * A folder named for a column the kind does not read ({@code batch=2/}) is read through as any other.
     */
    static List<Path> filesIn(Path dir, SensorKind kind, List<String> problems, Set<Path> seen) {
        List<Path> files = new ArrayList<>();
        if (!firstVisit(dir, problems, seen)) {
            return files;
        }
        for (Path entry : list(dir, problems)) {
            String name = entry.getFileName().toString();
            if (isHidden(name)) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                if (BddDataset.isPartitionName(name)) {
                    problems.add(entry + ": a t=<seconds> folder inside a partition folder: which time do its rows"
                            + " have? Move it up beside the others");
                    continue;
                }
                String column = folderColumn(kind, name);
                if (column != null) {
                    problems.add(entry + ": a " + column + "=<value> folder inside a partition folder (as Spark's"
                            + " partitionBy(\"t\", \"" + column + "\") writes): the replayer does not take column values"
                            + " from folder names; write '" + column + "' into the files (partitionBy(\"t\") alone)");
                    continue;
                }
                files.addAll(filesIn(entry, kind, problems, seen));
            } else if (firstVisit(entry, problems, seen)) {
                files.add(entry);
            }
        }
        return files;
    }

    /** The column a Hive-style {@code <column>=<value>} folder name gives a value for, when this kind reads it; else null. */
    private static String folderColumn(SensorKind kind, String folderName) {
        int equals = folderName.indexOf('=');
        return equals > 0 ? kind.column(folderName.substring(0, equals)) : null;
    }

    /** Whether the folder or file at {@code path} is read for the first time (by its real path); a problem if not. */
    private static boolean firstVisit(Path path, List<String> problems, Set<Path> seen) {
        try {
            if (seen.add(path.toRealPath())) {
                return true;
            }
            problems.add(path + ": reached a second time (a link to a folder above it or to another partition);"
                    + " its rows would be published twice: remove the link");
        } catch (IOException e) {
            problems.add(path + ": cannot resolve (" + e.getMessage() + "; a link loop?)");
        }
        return false;
    }

    static List<Path> list(Path dir, List<String> problems) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot list (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
