package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fleetstreams.demo.BrokerStorage.Choice;
import org.fleetstreams.demo.BrokerStorage.Mode;
import org.fleetstreams.demo.BrokerStorage.Plan;
import org.fleetstreams.common.FileTrees;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the demo's embedded broker keeps its log: the rules of {@link BrokerStorage}, on a RAM directory of a test's own. */
class BrokerStorageTest {

    private static final long MB = 1024 * 1024;
    private static final long ROOM = 8_192 * MB;
    private static final long SAMPLE = 3_565_206; // data/sample's Parquet files, in bytes
    private static final Plan DEMO = new Plan(SAMPLE, 10, false); // the README's first command

    @TempDir
    Path ram;
    @TempDir
    Path work;

    @Test
    void autoTakesMemoryAtTenTimesOrSlowerWhenThereIsRoomAndTheReplayEnds() {
        assertThat(BrokerStorage.choose(Mode.AUTO, ROOM, DEMO)).isEqualTo(new Choice(true, null));
        // 1x and 5x are below the line: the first second's writes are the same, at a slower pace
        assertThat(BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(SAMPLE, 1, false)).inMemory()).isTrue();
    }

    @Test
    void autoKeepsTheLogOnDiskWhenMemoryIsNotSafeOrMeasuredNoBetter() {
        // a looping replay's log grows without end
        Choice looping = BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(SAMPLE, 10, true));
        // above 10x memory measured worse; max speed has no pace to keep
        Choice fast = BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(SAMPLE, 20, false));
        Choice max = BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(SAMPLE, Double.POSITIVE_INFINITY, false));
        // a container's default /dev/shm (64 MB): data/sample's log alone was 74 MB
        Choice container = BrokerStorage.choose(Mode.AUTO, 64 * MB, DEMO);
        // a large data set: 100 times its files are needed, 50 GB here
        Choice large = BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(500 * MB, 10, false));
        Choice missing = BrokerStorage.choose(Mode.AUTO, -1, DEMO);
        // a data set that could not be read counts as too large
        Choice unreadable = BrokerStorage.choose(Mode.AUTO, ROOM, new Plan(Long.MAX_VALUE, 10, false));

        assertThat(looping.inMemory()).isFalse();
        assertThat(looping.refusal()).contains("--keep-running");
        assertThat(fast.inMemory()).isFalse();
        assertThat(fast.refusal()).contains("above --speed 10");
        assertThat(max.inMemory()).isFalse();
        assertThat(max.refusal()).contains("above --speed 10");
        assertThat(container.inMemory()).isFalse();
        assertThat(container.refusal()).contains("64 MB free").contains("2048 MB");
        assertThat(large.inMemory()).isFalse();
        assertThat(large.refusal()).contains("50000 MB");
        assertThat(missing.inMemory()).isFalse();
        assertThat(missing.refusal()).contains("missing or not writable");
        assertThat(unreadable.inMemory()).isFalse();
    }

    @Test
    void diskIsAlwaysDiskAndMemoryIsMemoryOrAnError() {
        assertThat(BrokerStorage.choose(Mode.DISK, ROOM, DEMO)).isEqualTo(new Choice(false, null));
        // asked for, memory is taken with a looping or fast replay too: the user chose it
        assertThat(BrokerStorage.choose(Mode.MEMORY, ROOM, new Plan(SAMPLE, 20, true)).inMemory()).isTrue();
        assertThatThrownBy(() -> BrokerStorage.choose(Mode.MEMORY, 64 * MB, DEMO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--broker-storage memory: ")
                .hasMessageContaining("64 MB free");
    }

    @Test
    void theDemoSaysWhereTheLogWentAndWhyNotInMemory() {
        Path disk = work.resolve("broker");
        Path data = Path.of("../data/sample");

        // above 10x, as at any machine's /dev/shm: the reason, not the silent fallback the option line cannot show
        BrokerStorage.Placement fast = BrokerStorage.dirFor(Mode.AUTO, disk, data, 20, false);
        BrokerStorage.Placement looping = BrokerStorage.dirFor(Mode.AUTO, disk, data, 10, true);
        // the user's own choice needs no reason
        BrokerStorage.Placement chosen = BrokerStorage.dirFor(Mode.DISK, disk, data, 10, false);

        assertThat(fast).isEqualTo(new BrokerStorage.Placement(disk,
                ", its data on disk (above --speed 10 the demo measured no better with the log in memory)"));
        assertThat(looping.dir()).isEqualTo(disk);
        assertThat(looping.note()).startsWith(", its data on disk (--keep-running");
        assertThat(chosen).isEqualTo(new BrokerStorage.Placement(disk, ""));
    }

    @Test
    void theDemoClearsKilledDemosLogsWhereverItKeepsItsOwn() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(BrokerStorage.RAM) && Files.isWritable(BrokerStorage.RAM));
        Path killed = Files.createDirectories(BrokerStorage.RAM.resolve(BrokerStorage.PREFIX + finishedProcess() + "-1"));
        try {
            BrokerStorage.Placement placement = BrokerStorage.dirFor(Mode.DISK, work.resolve("broker"), Path.of("none"),
                    10, false);

            assertThat(placement.dir()).isEqualTo(work.resolve("broker"));
            assertThat(killed).as("a killed demo's log in memory, cleared by a demo on disk too").doesNotExist();
        } finally {
            FileTrees.deleteQuietly(killed);
        }
    }

    @Test
    void theLogInMemoryIsANewDirectoryEachTime() throws Exception {
        Path disk = work.resolve("broker");

        Path one = BrokerStorage.dirIn(ram, new Choice(true, null), disk);
        Path two = BrokerStorage.dirIn(ram, new Choice(true, null), disk);

        assertThat(one).isDirectory().isNotEqualTo(two).hasParent(ram);
        assertThat(one.getFileName().toString()).startsWith(BrokerStorage.PREFIX + ProcessHandle.current().pid() + "-");
        assertThat(BrokerStorage.dirIn(ram, new Choice(false, "no room"), disk)).isEqualTo(disk);
    }

    @Test
    void onlyTheLogsOfDemosThatAreGoneAreDeleted() throws Exception {
        long gone = finishedProcess();
        Path orphan = Files.createDirectories(ram.resolve(BrokerStorage.PREFIX + gone + "-123"));
        Files.writeString(orphan.resolve("00000000000000000000.log"), "a killed demo's log");
        Path running = Files.createDirectories(ram.resolve(BrokerStorage.PREFIX + ProcessHandle.current().pid() + "-456"));
        // a broker in another PID namespace sharing /dev/shm: its process id reads as gone, but its lock is held
        // (here by this JVM; another process's lock is Kafka's own case)
        Path locked = Files.createDirectories(ram.resolve(BrokerStorage.PREFIX + gone + "-789"));
        Path notOurs = Files.createDirectories(ram.resolve(BrokerStorage.PREFIX + "notes"));
        Path other = Files.createDirectories(ram.resolve("someone-elses-" + gone));
        // a link named like an orphan: the link and what it points to are left alone
        Path target = Files.createDirectories(work.resolve("keep"));
        Files.writeString(target.resolve("file"), "kept");
        Path link = Files.createSymbolicLink(ram.resolve(BrokerStorage.PREFIX + gone + "-999"), target);

        try (FileChannel channel = FileChannel.open(locked.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            BrokerStorage.deleteOrphans(ram);
        }

        assertThat(orphan).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(locked).isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(other).isDirectory();
        assertThat(target.resolve("file")).hasContent("kept");
        assertThat(link).isSymbolicLink();
    }

    /** The work directory's preparation empties what an earlier run left, not this run's new directory in memory. */
    @Test
    void preparingTheWorkDirectoryKeepsThisRunsBrokerDirectoryInMemory() throws Exception {
        Path stale = Files.createDirectories(work.resolve("broker"));
        Files.writeString(stale.resolve("meta.properties"), "an earlier run's broker");
        Path fresh = BrokerStorage.dirIn(ram, new Choice(true, null), stale);
        DemoWorkDir dir = new DemoWorkDir(work).withBrokerDir(fresh);

        dir.prepare();

        assertThat(fresh).isDirectory();
        assertThat(stale).doesNotExist();
        dir.cleanUp();
        assertThat(fresh).doesNotExist();
    }

    @Test
    void freeSpaceAndDataSizeAreReadFromTheFileSystemThroughLinks() throws Exception {
        Path data = work.resolve("data");
        Files.write(Files.createDirectories(data.resolve("locations")).resolve("part.parquet"), new byte[1234]);
        Path linked = Files.createSymbolicLink(work.resolve("bdd"), data); // data/README.md: ln -s ... data/bdd

        assertThat(BrokerStorage.freeBytes(ram)).isPositive();
        assertThat(BrokerStorage.freeBytes(ram.resolve("no-such-dir"))).isEqualTo(-1);
        assertThat(BrokerStorage.sizeOf(data)).isEqualTo(1234);
        assertThat(BrokerStorage.sizeOf(linked)).isEqualTo(1234);
        assertThat(BrokerStorage.sizeOf(work.resolve("no-such-data"))).isZero();
    }

    @Test
    void theOptionNamesAModeInAnyCase() {
        CommandLine cmd = new CommandLine(CommandLine.Model.CommandSpec.create());
        Path sample = Path.of("..", "data", "sample");

        assertThat(BrokerStorage.mode(cmd, "auto", sample)).isEqualTo(Mode.AUTO);
        assertThat(BrokerStorage.mode(cmd, "DiSk", sample)).isEqualTo(Mode.DISK);
        assertThatThrownBy(() -> BrokerStorage.mode(cmd, "ram", sample))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--broker-storage must be auto, memory or disk, was 'ram'");
    }

    /**
     * Memory asked for with data whose log would not fit in this machine's {@code /dev/shm} (a sparse file of twice a
     * hundredth of its free space): refused with the reason, on any machine (DemoCommandTest's run of the whole
     * command can only show it where {@code /dev/shm} is small).
     */
    @Test
    void memoryWithoutRoomIsRefusedWithTheReason() throws Exception {
        CommandLine cmd = new CommandLine(CommandLine.Model.CommandSpec.create());
        Path data = Files.createDirectories(work.resolve("large-data"));
        long free = BrokerStorage.freeBytes(BrokerStorage.RAM);
        try (RandomAccessFile f = new RandomAccessFile(data.resolve("big.parquet").toFile(), "rw")) {
            // sparse (no disk taken), and twice too large: free space that grows meanwhile does not make room
            f.setLength(Math.max(1, 2 * (free / BrokerStorage.ROOM_PER_DATA_BYTE) + 1024 * 1024));
        }

        assertThatThrownBy(() -> BrokerStorage.mode(cmd, "memory", data))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--broker-storage memory: " + BrokerStorage.RAM)
                .hasMessageContaining("auto or disk keeps it on disk");
        assertThat(BrokerStorage.mode(cmd, "auto", data)).isEqualTo(Mode.AUTO);
    }

    private static long finishedProcess() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return p.pid();
    }
}
