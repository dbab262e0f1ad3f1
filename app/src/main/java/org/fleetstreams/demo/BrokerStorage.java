package org.fleetstreams.demo;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetstreams.common.FileTrees;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Where the demo's embedded broker keeps its log: in memory ({@code /dev/shm}, Linux's RAM-backed file system) or on
 * disk, in the work directory. The demo's broker is scratch: its data is deleted when the demo ends. On this
 * project's 2-core VM the first write to a fresh file cost about 1 ms (a new segment's index files are memory-mapped
 * sparse files, and the file system allocates at the first write), and the replay's first second writes the first
 * records of every changelog and output partition, in the commits the stream threads wait on. At 10x on data/sample
 * the first two looks trailed by 1.7 s (median of 7 runs) with the log on disk and 1.0 s in memory (3.4 and 0.9 s in 7
 * more with the app's state in memory too); at 20x memory measured worse instead (p50 behind higher in 6 of 7 pairs),
 * for a reason not found (docs/benchmarks.md, "Session of 2026-12-06, nineteenth").
 *
 * <p>So {@code auto} (the default) takes memory only where it measured better and is safe: up to {@code --speed}
 * {@value #MAX_SPEED}, not with {@code --keep-running} (a looping replay's log grows without end), and only when
 * {@code /dev/shm} has room for {@value #ROOM_PER_DATA_BYTE} times the data set's files and at least
 * {@value #MIN_FREE_MB} MB (data/sample's 3.5 MB of Parquet made a 74 MB log; a container's default {@code /dev/shm}
 * of 64 MB is too small). A demo killed before it could delete its log leaves a directory named with its process id;
 * the next demo with an embedded broker deletes those whose process is gone and whose lock no broker holds.
 */
final class BrokerStorage {

    /** {@code --broker-storage}. */
    enum Mode { AUTO, DISK, MEMORY }

    static final Path RAM = Path.of("/dev/shm");
    static final long ROOM_PER_DATA_BYTE = 100;
    static final long MIN_FREE_MB = 2_048;
    static final double MAX_SPEED = 10;
    static final String PREFIX = "fleetstreams-demo-broker-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,18})-\\d+");

    /** Whether the log goes to memory, and {@code refusal}, why not (null when it does, or when the mode said disk). */
    record Choice(boolean inMemory, String refusal) { }

    /** What the demo replays, as far as the choice goes: the data set's size in bytes, the speed, and whether it loops. */
    record Plan(long dataBytes, double speed, boolean looping) { }

    /**
     * The embedded broker's limits for a looping demo ({@code --keep-running}): the project's topics keep records
     * whatever their age ({@code retention.ms} -1, as event times can be years old), so a loop grew its log on disk
     * without end, about 10-15 GB an hour at 10x. Each partition keeps its newest {@value #LOOPING_PARTITION_MB} MB, in
     * segments of {@value #LOOPING_SEGMENT_MB} MB (a segment goes once it is wholly past the limit): several passes of
     * data/sample for the course's notebooks, about 3 GB at most with 4 partitions (6 topics, 24 partitions). The
     * changelogs are compacted and stay small: every pass replays the same rides.
     */
    static Map<String, Object> loopingLimits() {
        return Map.of("log.retention.bytes", LOOPING_PARTITION_MB << 20, "log.segment.bytes", (int) (LOOPING_SEGMENT_MB << 20));
    }

    static final long LOOPING_PARTITION_MB = 128;
    static final long LOOPING_SEGMENT_MB = 16;

    private BrokerStorage() {
    }

    /**
     * The mode {@code option} names (any case); refused as {@code --broker-storage memory} is when there is no room
     * for the data set in {@code dataDir}.
     */
    static Mode mode(CommandLine cmd, String option, Path dataDir) {
        Mode mode = Arrays.stream(Mode.values()).filter(m -> m.name().equalsIgnoreCase(option)).findFirst()
                .orElseThrow(() -> new ParameterException(cmd, "--broker-storage must be auto, memory or disk, was '"
                        + option + "'"));
        String refusal = mode == Mode.MEMORY ? refusal(freeBytes(RAM), sizeOf(dataDir)) : null;
        if (refusal != null) {
            throw new ParameterException(cmd, "--broker-storage memory: " + refusal
                    + " (--broker-storage auto or disk keeps it on disk)");
        }
        return mode;
    }

    /**
     * Where the embedded broker's log went, and {@code note}, what the demo's {@code Kafka:} line says of it: ", its data
     * in memory", ", its data on disk (why)" when {@code auto} or {@code memory} kept it there, or nothing for
     * {@code disk}, the user's own choice.
     */
    record Placement(Path dir, String note) { }

    /**
     * The embedded broker's directory for this demo: {@code diskDir}, or a new one under {@link #RAM} (a random name
     * after the process id, so that no other demo, nor anyone guessing, has it). First clears the logs of killed demos
     * there. On disk when the directory in memory cannot be made, or {@code memory}'s room went since the option was
     * checked: the demo runs either way, and says why.
     */
    static Placement dirFor(Mode mode, Path diskDir, Path dataDir, double speed, boolean keepRunning) {
        Choice choice;
        String note;
        if (mode == Mode.DISK) {
            choice = new Choice(false, null); // no walk of the data for a choice made already
            note = "";
        } else {
            try {
                choice = choose(mode, freeBytes(RAM), new Plan(sizeOf(dataDir), speed, keepRunning));
            } catch (IllegalArgumentException e) {
                choice = new Choice(false, e.getMessage());
            }
            note = choice.inMemory() ? ", its data in memory" : ", its data on disk (" + choice.refusal() + ")";
        }
        try {
            return new Placement(dirIn(RAM, choice, diskDir), note); // on disk too, clears killed demos' logs
        } catch (IOException e) {
            return new Placement(diskDir, choice.inMemory()
                    ? ", its data on disk (no directory in " + RAM + ": " + e.getMessage() + ")" : note);
        }
    }

    /** {@link #dirFor} with the RAM-backed directory {@code ram} (a test's own) and the choice made. */
    static Path dirIn(Path ram, Choice choice, Path diskDir) throws IOException {
        if (Files.isDirectory(ram)) {
            deleteOrphans(ram);
        }
        return choice.inMemory() ? Files.createTempDirectory(ram, PREFIX + ProcessHandle.current().pid() + "-") : diskDir;
    }

    /**
     * The choice for this demo.
     *
     * @param freeBytes usable bytes under {@link #RAM}, or -1 when it is missing or not writable
     * @throws IllegalArgumentException {@code memory} without room for it
     */
    static Choice choose(Mode mode, long freeBytes, Plan plan) {
        if (mode == Mode.DISK) {
            return new Choice(false, null);
        }
        String refusal = mode == Mode.AUTO ? autoRefusal(plan) : null;
        if (refusal == null) {
            refusal = refusal(freeBytes, plan.dataBytes());
        }
        if (refusal != null && mode == Mode.MEMORY) {
            throw new IllegalArgumentException("--broker-storage memory: " + refusal);
        }
        return new Choice(refusal == null, refusal);
    }

    /** Why {@code auto} keeps the log on disk for this replay whatever the room, or null. */
    static String autoRefusal(Plan plan) {
        if (plan.looping()) {
            return "--keep-running loops the replay, and the log would grow in memory without end";
        }
        if (!(plan.speed() <= MAX_SPEED)) { // max is infinite
            return "above --speed " + (int) MAX_SPEED + " the demo measured no better with the log in memory";
        }
        return null;
    }

    /** Why there is no room for the log in memory, or null when there is. */
    static String refusal(long freeBytes, long dataBytes) {
        if (freeBytes < 0) {
            return RAM + " is missing or not writable";
        }
        long room = ROOM_PER_DATA_BYTE * Math.min(dataBytes, Long.MAX_VALUE / ROOM_PER_DATA_BYTE); // no overflow
        long needed = Math.max(MIN_FREE_MB * 1024 * 1024, room);
        if (freeBytes < needed) {
            return String.format(Locale.ROOT, "%s has %d MB free, the demo takes memory only with %d MB", RAM,
                    freeBytes / (1024 * 1024), needed / (1024 * 1024));
        }
        return null;
    }

    /** Usable bytes under {@code dir}, or -1 when it is missing or not writable. */
    static long freeBytes(Path dir) {
        try {
            return Files.isDirectory(dir) && Files.isWritable(dir) ? Files.getFileStore(dir).getUsableSpace() : -1;
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    /**
     * The size of the files under {@code dir}, through symbolic links (data/bdd is often one): 0 when it does not
     * exist (the demo refuses such data later), and "too large" when it cannot be read, so that memory is not taken.
     */
    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Deletes the logs in {@code ram} of demos that are gone (killed before they could): their process is not
     * running, and no broker holds the directory's {@code .lock} (Kafka locks its log directory while it runs; the
     * process id alone would misjudge a demo in another PID namespace sharing {@code /dev/shm}).
     */
    static void deleteOrphans(Path ram) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ram, PREFIX + "*")) {
            for (Path dir : dirs) {
                Matcher m = OURS.matcher(dir.getFileName().toString());
                if (m.matches() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                        && !alive(Long.parseLong(m.group(1))) && !locked(dir.resolve(".lock"))) {
                    FileTrees.deleteQuietly(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // nothing to clean, or not ours to clean: the demo goes on
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether another process holds {@code lockFile} (a missing one is not held). */
    private static boolean locked(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // held in this JVM
        } catch (IOException e) {
            return true; // cannot tell: leave it
        }
    }
}
