package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.fleetstreams.app.DriverRun;
import org.fleetstreams.common.admin.KafkaConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo as a user runs it, minus the terminal: embedded broker on a free port, the app, the replayer at max
 * speed. The closing table must hold what the data holds.
 */
class DemoCommandTest {

    /**
     * At a finite speed the demo first warms the app up on topics of its own ({@link WarmUp}); the live run's table
     * must be exactly what the data gives, as without it.
     */
    @Test
    void theDemoReplaysTheSampleThroughARealBrokerAndTabulatesEveryRide() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        Path workDir = Path.of("target", "demo-test");
        PrintStream err = System.err;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        // the broker's log in memory when /dev/shm has room for it (at 20x auto keeps it on disk: BrokerStorage)
        boolean inMemory = roomInMemory(Path.of("..", "data", "sample"));
        int code;
        try {
            code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute("--data",
                    Path.of("..", "data", "sample").toString(), "--broker-port", "0", "--http-port", "0", "--speed", "20",
                    "--work-dir", workDir.toString(), "--broker-storage", inMemory ? "memory" : "disk");
        } finally {
            System.setErr(err);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        String console = errBytes.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out + console).isZero();
        assertThat(out).containsPattern("Warmed up in [0-9.]+ s");
        assertThat(out).startsWith("Log file: " + workDir.resolve("demo.log"));
        assertThat(out).contains("Kafka: a real single-node broker (KRaft) in this process", "Replay finished: 120,951 records");
        // the replay starts on a whole 30 s window, so every run's table tiles the rides alike (DemoRun.alignedEpoch)
        assertThat(out).containsPattern("event time +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:(00|30)Z \\.\\. ");
        // the live view's lag line (issue 10), in its final frame at least
        assertThat(out).containsPattern("app behind  [0-9,?]+ records  [0-9.?]+ s event time");
        assertThat(out).containsPattern("app behind during the live replay \\([0-9]+ looks, about one every 0.5 s\\): p50 [0-9.]+ s");
        // Kafka's own log lines are in the log file, not on the console; broker data and state are cleaned up
        assertThat(console).as(console).doesNotContain("org.apache.kafka").doesNotContain(" WARN ");
        assertThat(console.lines()).as(console).allMatch(l -> l.startsWith("note: "));
        assertThat(Files.size(workDir.resolve("demo.log"))).isPositive();
        assertThat(workDir.resolve("broker")).doesNotExist();
        assertThat(workDir.resolve("state")).doesNotExist();
        // and the broker's data in memory is gone too
        assertThat(out.contains(", its data in memory")).as(out).isEqualTo(inMemory);
        assertThat(brokerDirsInMemoryOfThisProcess()).isEmpty();
        List<String> rides = out.lines().filter(l -> l.matches("^[0-9a-f]{32} .*")).toList();
        assertThat(rides).hasSize(20)
                .allSatisfy(row -> assertThat(row.split("\\s+")[8]).as(row).isEqualTo("6000")); // every sample, once
        // the alerts the same topology gives in the TopologyTestDriver for data/sample, in event-time order
        int expected = DriverRun.alerts(Path.of("..", "data", "sample")).size();
        assertThat(expected).isPositive();
        assertThat(out).contains("20 rides, ").contains(" " + expected + " harsh-braking events");
    }

    @Test
    void aTakenPortIsOneLineWithTheStackTraceOnlyInTheLogFile() throws Exception {
        Path workDir = Path.of("target", "demo-port-taken");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute("--data",
                    Path.of("..", "data", "sample").toString(), "--broker-port", String.valueOf(taken.getLocalPort()),
                    "--http-port", "-1", "--work-dir", workDir.toString());
            assertThat(code).isEqualTo(3);
        } finally {
            System.setErr(err);
        }
        String console = errBytes.toString(StandardCharsets.UTF_8);
        assertThat(console.lines()).as(console).singleElement().asString()
                .startsWith("error: cannot start the embedded Kafka broker on port").contains("--broker-port 0");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\tat ");
        // at the default 10x the broker's data may have been in memory (BrokerStorage): a failed start leaves none
        assertThat(brokerDirsInMemoryOfThisProcess()).isEmpty();
        assertThat(Files.readString(workDir.resolve("demo.log"))).contains("Address already in use").contains("\tat ");
    }

    @Test
    void aMissingDataSetIsAClearErrorBeforeAnythingStarts() {
        Refused run = refused("--data", "no/such/dir", "--http-port", "-1");
        assertThat(run.err()).contains("no data set at").contains("no/such/dir");
    }

    @Test
    void aDataSetWithoutAccelerationsIsAClearErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("locations").resolve("t=000.0"));

        Refused run = refused("--data", dir.toString(), "--http-port", "-1");

        assertThat(run.err()).contains("error: --data ").contains("accelerations");
        assertThat(run.out()).doesNotContain("Kafka:");
    }

    /** Parquet files of 0 rows: nothing to replay, refused as bad data before a broker starts (it failed on Kafka). */
    @Test
    void aDataSetOfNoRowsIsAClearErrorBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Refused run = refused("--data", DemoDataSets.noRows(dir).toString(), "--http-port", "-1", "--broker-port", "0");

        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .isEqualTo("error: --data " + dir + ": its Parquet files hold no rows: nothing to replay");
        assertThat(run.out()).doesNotContain("Kafka:");
    }

    /**
     * Rows that are all skipped as bad (no ride_id) are only found by the replay: the demo says so, sends no closing
     * records (their time came from no data: Kafka refused it, "Invalid timestamp", exit 1) and exits 2, bad data.
     */
    @Test
    void aDataSetWhoseRowsAreAllSkippedEndsAsBadDataWithoutATable(@TempDir Path dir) throws Exception {
        Run run = demo("--data", DemoDataSets.noRideIds(dir, 5).toString(), "--speed", "max", "--broker-port", "0",
                "--http-port", "-1", "--work-dir", Path.of("target", "demo-no-ride-ids").toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.out()).contains("rows skipped").contains("nothing replayed").doesNotContain(" rides, ");
        assertThat(run.err()).contains("error: the replay published no records: every row of the data set was"
                + " skipped as bad").doesNotContain("Invalid timestamp").doesNotContain("\tat ");
    }

    /**
     * A file whose footer is sound and whose first page is not: the warm-up and the live replay both stop at it. The
     * demo must not close the windows as if the data had ended there, nor call the run done: the replayer's error
     * first, then a table said to be partial, exit 1. Before, the warm-up's error was dropped, the final frame said
     * "done", closing records were sent and the error came only after the table.
     */
    @Test
    void aReplayThatFailsPartWayIsShownAsFailedWithThePartialTableSaidToBeSo(@TempDir Path dir) throws Exception {
        Path data = DemoDataSets.brokenPage(dir, 6); // 41.5 s of data before the bad file: windows [0, 30) close

        Run run = demo("--data", data.toString(), "--speed", "1000", "--broker-port", "0", "--http-port", "-1",
                "--work-dir", Path.of("target", "demo-broken-page").toString());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).containsPattern("Warm-up: its replay did not end normally \\(error: .*cannot read rows");
        assertThat(run.out()).contains("  replay failed  |").doesNotContain("  done  |");
        assertThat(run.err()).contains("cannot read rows").doesNotContain("\tat ");
        String warning = "warning: the replay failed part-way (the error above), so the last windows were not closed:"
                + " the table is partial";
        assertThat(run.out()).contains(warning);
        int table = run.out().indexOf(" rides, ");
        assertThat(table).as(run.out()).isGreaterThan(run.out().indexOf(warning));
        // what the app wrote of the part replayed: each of the 20 rides, not yet all of its samples
        List<String> rides = run.out().lines().filter(l -> l.matches("^[0-9a-f]{32} .*")).toList();
        assertThat(rides).as(run.out()).hasSize(20)
                .allSatisfy(row -> assertThat(Integer.parseInt(row.split("\\s+")[8])).as(row).isBetween(1, 5999));
    }

    /** A second demo on the same --work-dir would delete the first one's broker data and state under it. */
    @Test
    void aSecondDemoOnTheSameWorkDirIsRefusedAndLeavesTheFirstOnesFilesAlone() throws Exception {
        Path workDir = Path.of("target", "demo-held");
        DemoWorkDir first = new DemoWorkDir(workDir);
        try (AutoCloseable held = first.lock()) {
            assertThat(held).isNotNull();
            Path brokerFile = Files.createDirectories(first.brokerDir()).resolve("meta.properties");
            Files.writeString(brokerFile, "the first demo's broker");

            Refused run = refused("--data", Path.of("..", "data", "sample").toString(), "--http-port", "-1",
                    "--work-dir", workDir.toString());

            assertThat(run.err()).contains("another demo is running in").contains("--work-dir");
            assertThat(brokerFile).hasContent("the first demo's broker");
        }
        try (AutoCloseable again = first.lock()) {
            assertThat(again).as("free once the first demo let go").isNotNull();
        }
    }

    /** A file where the work directory should be: the reason in words, not the path alone in brackets. */
    @Test
    void aWorkDirThatIsAFileIsAClearErrorWithItsReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");

        Refused run = refused("--data", Path.of("..", "data", "sample").toString(), "--http-port", "-1",
                "--broker-port", "0", "--work-dir", file.toString());

        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .isEqualTo("error: --work-dir: cannot use " + file + ": " + file + " is a file, not a directory");
        assertThat(file).hasContent("mine");
    }

    /**
     * A directory the demo did not make (no demo.lock) whose broker/ or state/ a run would empty: refused, its files
     * left alone. Before, any --work-dir had them deleted.
     */
    @Test
    void aWorkDirTheDemoDidNotMakeIsNotEmptied(@TempDir Path dir) throws Exception {
        Path mine = Files.writeString(Files.createDirectories(dir.resolve("state")).resolve("thesis.tex"), "mine");

        Refused run = refused("--data", Path.of("..", "data", "sample").toString(), "--http-port", "-1",
                "--broker-port", "0", "--work-dir", dir.toString());

        assertThat(run.err().lines()).as(run.err()).singleElement().asString()
                .isEqualTo("error: --work-dir: " + dir + " holds state/ and no demo.lock, so the demo did not make it,"
                        + " and a run would empty it; give a new or empty --work-dir");
        assertThat(mine).hasContent("mine");
        assertThat(dir.resolve("demo.lock")).doesNotExist();
    }

    /** The JDK's exceptions for a denied or missing path carry only the path: the line says what it means. */
    @Test
    void aWorkDirErrorSaysWhatWentWrongInWords() {
        assertThat(DemoWorkDir.reason(new AccessDeniedException("/srv/demo/demo.lock")))
                .isEqualTo("permission denied (/srv/demo/demo.lock)");
        assertThat(DemoWorkDir.reason(new NoSuchFileException("/srv/demo")))
                .isEqualTo("no such file or directory (/srv/demo)");
        assertThat(DemoWorkDir.reason(new FileSystemException("/srv/demo", null, "Read-only file system")))
                .isEqualTo("read-only file system (/srv/demo)");
    }

    @Test
    void noStreamThreadIsAClearErrorBeforeAnythingStarts() {
        Refused run = refused("--data", Path.of("..", "data", "sample").toString(), "--threads", "0");
        assertThat(run.err()).contains("--threads must be at least 1, was 0");
        assertThat(run.out()).doesNotContain("Kafka:");
    }

    @Test
    void badNumbersAndContradictoryOptionsAreClearErrorsBeforeAnythingStarts() {
        String sample = Path.of("..", "data", "sample").toString();
        assertThat(refused("--data", sample, "--speed", "-5").err()).contains("--speed must be a number above 0, or max");
        assertThat(refused("--data", sample, "--speed", "fast").err()).contains("--speed must be a number above 0, or max");
        assertThat(refused("--data", sample, "--partitions", "0").err()).contains("--partitions must be at least 1");
        assertThat(refused("--data", sample, "--http-port", "-2").err()).contains("--http-port must be -1 (off) or 0 (any free port) to 65535, was -2");
        assertThat(refused("--data", sample, "--topic-prefix", "no spaces").err()).contains("--topic-prefix");
        assertThat(refused("--data", sample, "--bootstrap-servers", "localhost:1", "--broker-port", "9093").err())
                .contains("with --bootstrap-servers there is none");
        assertThat(refused("--data", sample, "--broker-storage", "ram").err())
                .contains("--broker-storage must be auto, memory or disk, was 'ram'");
        assertThat(refused("--data", sample, "--bootstrap-servers", "localhost:1", "--broker-storage", "disk").err())
                .contains("--broker-storage is for the embedded broker; with --bootstrap-servers there is none");
    }

    /** Where /dev/shm is missing or small (macOS, Windows, a container's 64 MB), asking for memory is refused. */
    @Test
    void memoryWithoutRoomForTheBrokerIsAClearErrorBeforeAnythingStarts() {
        Path sample = Path.of("..", "data", "sample");
        assumeTrue(!roomInMemory(sample), "/dev/shm has room here");

        Refused run = refused("--data", sample.toString(), "--broker-storage", "memory");

        assertThat(run.err()).contains("--broker-storage memory: ").contains("auto or disk keeps it on disk");
        assertThat(run.out()).doesNotContain("Kafka:");
    }

    private static boolean roomInMemory(Path data) {
        return BrokerStorage.refusal(BrokerStorage.freeBytes(BrokerStorage.RAM), BrokerStorage.sizeOf(data)) == null;
    }

    private static List<String> brokerDirsInMemoryOfThisProcess() throws Exception {
        if (!Files.isDirectory(BrokerStorage.RAM)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(BrokerStorage.RAM)) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(BrokerStorage.PREFIX + ProcessHandle.current().pid() + "-")).toList();
        }
    }

    @Test
    void aTakenDashboardPortIsAClearErrorBeforeTheBrokerStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", 0));
            Refused run = refused("--data", Path.of("..", "data", "sample").toString(), "--broker-port", "0",
                    "--http-port", String.valueOf(taken.getLocalPort()));
            assertThat(run.err()).contains("--http-port " + taken.getLocalPort() + ": cannot listen on localhost:")
                    .contains("--http-port 0 picks a free port");
            assertThat(run.out()).doesNotContain("Kafka:");
        }
    }

    /**
     * The dashboard's port is the embedded broker's: the free-port probe passes it, as the broker is not up yet.
     * Before, the broker took it, the warm-up ran, and only then "cannot listen on localhost:PORT", exit 2.
     */
    @Test
    void anHttpPortThatIsTheBrokersPortIsAClearErrorBeforeTheBrokerStarts() {
        String sample = Path.of("..", "data", "sample").toString();
        String brokerDefault = String.valueOf(KafkaConnection.DEFAULT_PORT);
        for (String[] args : List.of(new String[] {"--data", sample, "--broker-port", "8080"}, // the dashboard's default
                new String[] {"--data", sample, "--http-port", brokerDefault}, // the broker's default
                new String[] {"--data", sample, "--broker-port", "18089", "--http-port", "18089"})) {
            Refused run = refused(args);

            assertThat(run.err()).as(run.err()).contains("--http-port and --broker-port are both ");
            assertThat(run.out()).doesNotContain("Kafka:");
        }
    }

    /** The help said a stopped run drained before its table; a stop ends the waits at once (docs/operations.md). */
    @Test
    void theHelpSaysAStopDoesNotWaitForTheApp() {
        String codes = String.join("\n",
                new CommandLine(new DemoCommand()).getCommandSpec().usageMessage().exitCodeList().values());

        assertThat(codes).contains("stopped with Ctrl-C (without waiting for the app to finish: the table of what"
                + " was read so far").doesNotContain("draining");
    }

    private record Refused(String out, String err) {
    }

    private record Run(int code, String out, String err) {
    }

    /** The demo with these options, to its end. */
    private static Run demo(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute(args);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    /** The demo with these options, which it must refuse with exit code 2 before starting anything. */
    private static Refused refused(String... args) {
        Run run = demo(args);
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        return new Refused(run.out(), run.err());
    }
}
