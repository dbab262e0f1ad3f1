package org.fleetstreams.replay.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BDD data set on disk, discovered and validated:
 *
 * <pre>
 *   &lt;root&gt;/locations/t=000.0/&lt;car uuid&gt;.parquet
 *   &lt;root&gt;/locations/t=004.5/...
 *   &lt;root&gt;/accelerations/t=000.0/...
 * </pre>
 *
 * <p>{@link #open} reads every file's footer and checks its schema before anything is published, and
 * reports every problem it finds at once (each naming its file or folder). Rows are not read here; each file's
 * footer is {@link ParquetFooter}'s.
 *
 * <p>Folder rules: a folder named {@code t=...} whose rest does not parse as seconds is an error (its rows
 * would otherwise be lost without a trace); entries starting with {@code _} or {@code .} (Spark's
 * {@code _SUCCESS}, {@code .crc} files) are ignored; another folder beside the partitions holding Parquet files is an
 * error, any other entry is ignored with a warning. Inside a partition folder, folders are read through (Spark's
 * {@code car.parquet/part-*.parquet}), their files taking the partition's time ({@link PartitionFolders}), except
 * a {@code <column>=<value>} folder for a column the kind reads: the replayer does not take values from folder names,
 * so such a folder is an error.
 */
public final class BddDataset {

    private static final Logger LOG = LoggerFactory.getLogger(BddDataset.class);
    /** Seconds as any writer prints them: {@code t=004.5}, {@code t=5}, {@code t=.5}, {@code t=1e-05}, {@code T=5.0}. */
    private static final Pattern PARTITION = Pattern.compile("(?i)t=([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:e[+-]?\\d+)?)");

    private final Path root;
    private final List<DataFile> files;

    private BddDataset(Path root, List<DataFile> files) {
        this.root = root;
        this.files = List.copyOf(files);
    }

    /** Discovers and validates the data set under {@code root}; throws {@link InvalidDatasetException} listing every problem. */
    public static BddDataset open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidDatasetException("data directory '" + root + "' does not exist or is not a directory"
                    + " (see data/README.md for how to get the BDD data, or pass --data)");
        }
        List<String> problems = new ArrayList<>();
        List<DataFile> files = new ArrayList<>();
        List<String> missingKinds = new ArrayList<>(); // kinds with no folder or no Parquet file at all
        for (SensorKind kind : SensorKind.values()) {
            files.addAll(discover(root, kind, problems, missingKinds));
        }
        // One kind alone is a data set (a GPS-only or an accelerometer-only fleet): both topics are still made, one
        // stays empty. Neither is no data set at all.
        if (files.isEmpty() && isKindFolder(root)) {
            problems.add(0, "no 'locations' or 'accelerations' folder in " + root + ", which holds t=<seconds> partition"
                    + " folders itself: it looks like a kind folder; pass its parent (--data " + parent(root) + ")");
        } else if (files.isEmpty()) {
            problems.addAll(0, missingKinds);
        } else {
            missingKinds.forEach(a -> LOG.warn("{}; publishing the other kind only, its topic stays empty", a));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDatasetException(problems);
        }
        files.sort(Comparator.comparingDouble(DataFile::partitionSeconds)
                .thenComparing(DataFile::kind).thenComparing(DataFile::path));
        return new BddDataset(root, files);
    }

    /**
     * {@code --data data/sample/locations}: a folder with neither kind's folder in it but {@code t=} partition folders
     * of its own, a kind folder given for the data set.
     */
    private static boolean isKindFolder(Path root) {
        for (SensorKind kind : SensorKind.values()) {
            if (Files.exists(root.resolve(kind.folder()))) {
                return false;
            }
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.anyMatch(e -> Files.isDirectory(e)
                    && isPartitionName(e.getFileName().toString()));
        } catch (IOException | UncheckedIOException e) {
            return false; // the folder's own listing says what is wrong with it
        }
    }

    private static Path parent(Path root) {
        Path parent = root.normalize().getParent();
        return parent != null ? parent : root.toAbsolutePath().normalize().getParent();
    }

    public Path root() {
        return root;
    }

    /** Every file of both kinds, ordered by partition time. */
    public List<DataFile> files() {
        return files;
    }

    public List<DataFile> files(SensorKind kind) {
        return files.stream().filter(f -> f.kind() == kind).toList();
    }

    /** Rows as the footers count them, before any row is skipped. */
    public long rowCount(SensorKind kind) {
        return files(kind).stream().mapToLong(DataFile::rowCount).sum();
    }

    // The time range counts files with rows only: an empty file has no offsets (its footer range is its folder's
    // time), and a stray empty one in t=-5.0 moved the data's start, the epoch check and the pass length.

    public double minOffset() {
        return withRows().mapToDouble(DataFile::minOffset).min().orElse(0);
    }

    public double maxOffset() {
        return withRows().mapToDouble(DataFile::maxOffset).max().orElse(0);
    }

    /** Whether a folder's name makes it a partition ({@code t=...}, any case; its time is checked apart). */
    public static boolean isPartitionName(String name) {
        return name.regionMatches(true, 0, "t=", 0, 2);
    }

    /** The file whose offsets start first, for an error about the data's start to name; none without rows. */
    public Optional<DataFile> firstFile() {
        return withRows().min(Comparator.comparingDouble(DataFile::minOffset));
    }

    /** The file whose offsets end last, for an error about the data's end to name; none without rows. */
    public Optional<DataFile> lastFile() {
        return withRows().max(Comparator.comparingDouble(DataFile::maxOffset));
    }

    public double minPartitionSeconds() {
        return withRows().mapToDouble(DataFile::partitionSeconds).min().orElse(0);
    }

    public double maxPartitionSeconds() {
        return withRows().mapToDouble(DataFile::partitionSeconds).max().orElse(0);
    }

    private Stream<DataFile> withRows() {
        return files.stream().filter(f -> f.rowCount() > 0);
    }

    /**
     * @param missingKinds where a kind with no data at all says so (no folder, or no Parquet file in it), apart from
     *                     the problems: {@link #open} decides whether that is one
     */
    private static List<DataFile> discover(Path root, SensorKind kind, List<String> problems,
                                           List<String> missingKinds) {
        Path kindDir = root.resolve(kind.folder());
        if (!Files.isDirectory(kindDir)) {
            missingKinds.add("no '" + kind.folder() + "' folder in " + root + " (expected " + kindDir
                    + "/t=SSS.S/*.parquet)");
            return List.of();
        }
        List<DataFile> found = new ArrayList<>();
        Map<String, Integer> absent = new TreeMap<>(); // column -> files without it
        Set<Path> seen = new HashSet<>(); // real paths of the folders and files read so far
        for (Path entry : PartitionFolders.list(kindDir, problems)) {
            String name = entry.getFileName().toString();
            if (PartitionFolders.isHidden(name)) {
                continue;
            }
            if (!Files.isDirectory(entry)) {
                // a part file without an extension is Parquet by its magic, as inside a partition
                PartitionFolders.Contents contents = PartitionFolders.contents(entry);
                if (contents == PartitionFolders.Contents.PARQUET) {
                    problems.add(entry + ": a Parquet file outside a t=<seconds> partition folder");
                } else if (contents == PartitionFolders.Contents.UNREADABLE) {
                    problems.add(entry + ": cannot be read, so whether it holds rows outside a t=<seconds> partition"
                            + " folder is not known: make it readable or move it out");
                } else {
                    LOG.warn("ignoring {}: not a t=<seconds> partition folder", entry);
                }
                continue;
            }
            if (!isPartitionName(name)) {
                // a folder of notes may sit beside the partitions; one of Parquet files is rows that would go missing
                if (PartitionFolders.holdsParquet(entry)) {
                    problems.add(entry + ": a folder of Parquet files that is not a t=<seconds> partition; the replayer"
                            + " reads " + kind.folder() + "/t=<seconds>/*.parquet only: rename it t=<seconds> or move it out");
                } else {
                    LOG.warn("ignoring {}: not a t=<seconds> partition folder", entry);
                }
                continue;
            }
            Matcher m = PARTITION.matcher(name);
            if (!m.matches() || !Double.isFinite(Double.parseDouble(m.group(1)))) {
                problems.add(entry + ": partition folder name does not parse as t=<seconds> (e.g. t=004.5);"
                        + " rename or remove it");
                continue;
            }
            double seconds = Double.parseDouble(m.group(1));
            for (Path file : PartitionFolders.filesIn(entry, kind, problems, seen)) {
                if (PartitionFolders.isEmptyFile(file)) {
                    // No bytes, no rows to lose (a killed copy, a touch): Spark skips such a file too. A non-empty
                    // file that is not sound Parquet is still an error, as its rows would be.
                    LOG.warn("skipping {}: an empty file (0 bytes) has no rows", file);
                    continue;
                }
                if (!PartitionFolders.isParquet(file)) {
                    LOG.warn("ignoring {}: not a Parquet file (no .parquet name, no PAR1 magic)", file);
                    continue;
                }
                DataFile dataFile = ParquetFooter.inspect(kind, file, seconds, problems, absent);
                if (dataFile != null) {
                    found.add(dataFile);
                }
            }
        }
        absent.forEach((column, files) -> LOG.warn("{}: {} file(s) have no '{}' column; their rows are published with"
                + " {} {}", kindDir, files, column, column,
                kind.textColumns().contains(column) ? "null" : "-1 (unknown)"));
        if (found.isEmpty() && problems.stream().noneMatch(p -> p.contains(kindDir.toString()))) {
            missingKinds.add("no Parquet files under " + kindDir + " (expected " + kindDir + "/t=SSS.S/*.parquet)");
        }
        return found;
    }
}
