package org.fleetstreams.demo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fleetstreams.common.FileTrees;

/**
 * Where the demo's embedded broker keeps its log: in memory ({@code /dev/shm}, Linux's RAM-backed file system) or on
 * disk, in the work directory. The demo's broker is scratch: its data is deleted when the demo ends. On this
 * project's 2-core VM the first write to a fresh file cost about 1 ms (a new segment's index files are memory-mapped
 * sparse files, and the file system allocates at the first write), and the replay's first second writes the first
 * records of every changelog and output partition, in the commits the stream threads wait on. At 10x on data/sample
 * the first two looks trailed by 3.4 s (median of 14 runs) with the log on disk and 0.9 s in memory; at 20x memory
 * measured worse instead (p50 behind higher in 6 of 7 pairs), for a reason not found (docs/benchmarks.md, "Session of
 * 2026-12-06, nineteenth").
 *
 * <p>So {@code auto} (the default) takes memory only where it measured better and is safe: up to {@code --speed}
 * {@value #MAX_SPEED}, not with {@code --keep-running} (a looping replay's log grows without end), and only when
 * {@code /dev/shm} has room for {@value #ROOM_PER_DATA_BYTE} times the data set's files and at least
 * {@value #MIN_FREE_MB} MB (data/sample's 3.5 MB of Parquet made a 74 MB log; a container's default {@code /dev/shm}
 * of 64 MB is too small). A demo killed before it could delete its log leaves a directory named with its process id;
 * the next demo that takes memory deletes those whose process is gone.
 */
final class BrokerStorage {

    /** {@code --broker-storage}. */
    enum Mode { AUTO, DISK, MEMORY }

    static final Path RAM = Path.of("/dev/shm");
    static final long ROOM_PER_DATA_BYTE = 100;
    static final long MIN_FREE_MB = 2_048;
    static final double MAX_SPEED = 10;
    private static final Pattern OURS = Pattern.compile("fleetstreams-demo-broker-(\\d{1,18})-[0-9a-f]{1,8}");

    /**
     * Where the log goes: {@code dir}, and {@code refusal}, why memory was not taken (null when it was, or when the
     * mode said disk).
     */
    record Choice(Path dir, boolean inMemory, String refusal) { }

    private BrokerStorage() {
    }

    /** The mode {@code --broker-storage} names (any case), if any. */
    static Optional<Mode> mode(String option) {
        return Arrays.stream(Mode.values()).filter(m -> m.name().equalsIgnoreCase(option)).findFirst();
    }

    /** Why {@code mode} cannot be had for the data set in {@code dataDir}: only {@code memory} can be refused. */
    static String refusalOf(Mode mode, Path dataDir) {
        return mode == Mode.MEMORY ? refusal(freeBytes(RAM), sizeOf(dataDir)) : null;
    }

    /** The embedded broker's directory for this demo; taking memory first clears killed demos' logs there. */
    static Path dirFor(Mode mode, Path diskDir, Path dataDir, double speed, boolean keepRunning) {
        Choice choice = choose(mode, diskDir, RAM, freeBytes(RAM), new Plan(sizeOf(dataDir), speed, keepRunning),
                ProcessHandle.current().pid());
        if (choice.inMemory()) {
            deleteOrphans(RAM);
        }
        return choice.dir();
    }

    /** What the demo replays, as far as the choice goes: the data set's size in bytes, the speed, and whether it loops. */
    record Plan(long dataBytes, double speed, boolean looping) { }

    /**
     * The choice for this demo.
     *
     * @param diskDir     the broker's directory in the work directory
     * @param ram         the RAM-backed directory ({@link #RAM}; a test's own)
     * @param freeBytes   usable bytes under {@code ram}, or -1 when it is missing or not writable
     * @param pid         this process's id, which names the directory in memory (with the work directory's)
     */
    static Choice choose(Mode mode, Path diskDir, Path ram, long freeBytes, Plan plan, long pid) {
        if (mode == Mode.DISK) {
            return new Choice(diskDir, false, null);
        }
        String refusal = mode == Mode.AUTO ? autoRefusal(plan) : null;
        if (refusal == null) {
            refusal = refusal(freeBytes, plan.dataBytes());
        }
        if (refusal != null) {
            if (mode == Mode.MEMORY) {
                throw new IllegalArgumentException("--broker-storage memory: " + refusal);
            }
            return new Choice(diskDir, false, refusal);
        }
        // the work directory in the name too: two demos of one JVM (tests) hold two work directories
        return new Choice(ram.resolve("fleetstreams-demo-broker-" + pid + "-"
                + Integer.toHexString(diskDir.toAbsolutePath().normalize().hashCode())), true, null);
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
        long needed = Math.max(MIN_FREE_MB * 1024 * 1024, ROOM_PER_DATA_BYTE * dataBytes);
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

    /** The size of the files under {@code dir} (0 when it cannot be read: the demo refuses such data later). */
    static long sizeOf(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Deletes the logs in {@code ram} of demos whose process is gone (killed before they could). */
    static void deleteOrphans(Path ram) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(ram, "fleetstreams-demo-broker-*")) {
            for (Path dir : dirs) {
                Matcher m = OURS.matcher(dir.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
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
}
