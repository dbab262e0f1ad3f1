package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetstreams.demo.BrokerStorage.Choice;
import org.fleetstreams.demo.BrokerStorage.Mode;
import org.fleetstreams.demo.BrokerStorage.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the demo's embedded broker keeps its log: the rules of {@link BrokerStorage}, on a RAM directory of a test's own. */
class BrokerStorageTest {

    private static final long MB = 1024 * 1024;
    private static final long SAMPLE = 3_565_206; // data/sample's Parquet files, in bytes
    private static final Plan DEMO = new Plan(SAMPLE, 10, false); // the README's first command

    @TempDir
    Path ram;
    @TempDir
    Path work;

    @Test
    void autoTakesMemoryWhenThereIsRoomAndTheReplayEnds() {
        Choice choice = BrokerStorage.choose(Mode.AUTO, work.resolve("broker"), ram, 8_192 * MB, DEMO, 4242);

        assertThat(choice.inMemory()).isTrue();
        assertThat(choice.refusal()).isNull();
        assertThat(choice.dir().getParent()).isEqualTo(ram);
        assertThat(choice.dir().getFileName().toString()).startsWith("fleetstreams-demo-broker-4242-");
    }

    @Test
    void autoKeepsTheLogOnDiskWhenMemoryIsNotSafe() {
        Path disk = work.resolve("broker");

        // a looping replay's log grows without end
        Choice looping = BrokerStorage.choose(Mode.AUTO, disk, ram, 8_192 * MB, new Plan(SAMPLE, 10, true), 1);
        // above 10x memory measured worse; max speed has no pace to keep
        Choice fast = BrokerStorage.choose(Mode.AUTO, disk, ram, 8_192 * MB, new Plan(SAMPLE, 20, false), 1);
        Choice max = BrokerStorage.choose(Mode.AUTO, disk, ram, 8_192 * MB, new Plan(SAMPLE, Double.POSITIVE_INFINITY,
                false), 1);
        // a container's default /dev/shm (64 MB): data/sample's log alone was 74 MB
        Choice container = BrokerStorage.choose(Mode.AUTO, disk, ram, 64 * MB, DEMO, 1);
        // a large data set: 100 times its files are needed, 50 GB here
        Choice large = BrokerStorage.choose(Mode.AUTO, disk, ram, 8_192 * MB, new Plan(500 * MB, 10, false), 1);
        Choice missing = BrokerStorage.choose(Mode.AUTO, disk, ram, -1, DEMO, 1);

        assertThat(looping).isEqualTo(new Choice(disk, false, looping.refusal()));
        assertThat(looping.refusal()).contains("--keep-running");
        assertThat(fast.dir()).isEqualTo(disk);
        assertThat(fast.refusal()).contains("above --speed 10");
        assertThat(max.dir()).isEqualTo(disk);
        // 1x and 5x are below the line: the first seconds' writes are the same, at a slower pace
        assertThat(BrokerStorage.choose(Mode.AUTO, disk, ram, 8_192 * MB, new Plan(SAMPLE, 1, false), 1).inMemory())
                .isTrue();
        assertThat(container.dir()).isEqualTo(disk);
        assertThat(container.refusal()).contains("64 MB free").contains("2048 MB");
        assertThat(large.dir()).isEqualTo(disk);
        assertThat(large.refusal()).contains("50000 MB");
        assertThat(missing.dir()).isEqualTo(disk);
        assertThat(missing.refusal()).contains("missing or not writable");
    }

    @Test
    void diskIsAlwaysDiskAndMemoryIsMemoryOrAnError() {
        Path disk = work.resolve("broker");

        assertThat(BrokerStorage.choose(Mode.DISK, disk, ram, 8_192 * MB, DEMO, 1))
                .isEqualTo(new Choice(disk, false, null));
        // asked for, memory is taken with a looping or fast replay too: the user chose it
        assertThat(BrokerStorage.choose(Mode.MEMORY, disk, ram, 8_192 * MB, new Plan(SAMPLE, 20, true), 1).inMemory())
                .isTrue();
        assertThatThrownBy(() -> BrokerStorage.choose(Mode.MEMORY, disk, ram, 64 * MB, DEMO, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--broker-storage memory: ")
                .hasMessageContaining("64 MB free");
    }

    @Test
    void twoWorkDirectoriesOfOneProcessGetTwoLogs() {
        Choice one = BrokerStorage.choose(Mode.AUTO, work.resolve("a").resolve("broker"), ram, 8_192 * MB, DEMO, 7);
        Choice two = BrokerStorage.choose(Mode.AUTO, work.resolve("b").resolve("broker"), ram, 8_192 * MB, DEMO, 7);

        assertThat(one.dir()).isNotEqualTo(two.dir());
    }

    @Test
    void theLogsOfDemosWhoseProcessIsGoneAreDeletedAndNoOtherDirectory() throws Exception {
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        finished.waitFor();
        Path orphan = Files.createDirectories(ram.resolve("fleetstreams-demo-broker-" + finished.pid() + "-1a2b3c"));
        Files.writeString(orphan.resolve("00000000000000000000.log"), "a killed demo's log");
        Path running = Files.createDirectories(ram.resolve("fleetstreams-demo-broker-" + ProcessHandle.current().pid()
                + "-4d5e6f"));
        Path notOurs = Files.createDirectories(ram.resolve("fleetstreams-demo-broker-notes"));
        Path other = Files.createDirectories(ram.resolve("someone-elses-" + finished.pid()));

        BrokerStorage.deleteOrphans(ram);

        assertThat(orphan).doesNotExist();
        assertThat(running).isDirectory();
        assertThat(notOurs).isDirectory();
        assertThat(other).isDirectory();
    }

    @Test
    void freeSpaceAndDataSizeAreReadFromTheFileSystem() throws Exception {
        Files.write(Files.createDirectories(work.resolve("data").resolve("locations")).resolve("part.parquet"),
                new byte[1234]);

        assertThat(BrokerStorage.freeBytes(ram)).isPositive();
        assertThat(BrokerStorage.freeBytes(ram.resolve("no-such-dir"))).isEqualTo(-1);
        assertThat(BrokerStorage.sizeOf(work.resolve("data"))).isEqualTo(1234);
        assertThat(BrokerStorage.sizeOf(work.resolve("no-such-data"))).isZero();
    }

    @Test
    void theOptionNamesAModeInAnyCase() {
        assertThat(BrokerStorage.mode("MeMoRy")).contains(Mode.MEMORY);
        assertThat(BrokerStorage.mode("auto")).contains(Mode.AUTO);
        assertThat(BrokerStorage.mode("ram")).isEmpty();
    }
}
