package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo as a user runs it, minus the terminal: embedded broker on a free port, the app, the replayer at max
 * speed. The closing table must hold what the data holds.
 */
class DemoCommandTest {

    @Test
    void theDemoReplaysTheSampleThroughARealBrokerAndTabulatesEveryRide() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .execute("--data", Path.of("..", "data", "sample").toString(), "--broker-port", "0", "--http-port", "0", "--speed", "max");
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("Kafka: a real single-node broker (KRaft) in this process", "Replay finished: 120,951 records");
        List<String> rides = out.lines().filter(l -> l.matches("^[0-9a-f]{32} .*")).toList();
        assertThat(rides).hasSize(20)
                .allSatisfy(row -> assertThat(row.split("\\s+")[8]).as(row).isEqualTo("6000")); // every sample, once
        // 28 alerts: what the same topology gives in the TopologyTestDriver for data/sample (QualityReport)
        assertThat(out).contains("20 rides, ").contains(" 28 harsh-braking events");
    }

    @Test
    void aMissingDataSetIsAClearErrorBeforeAnythingStarts() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                    .execute("--data", "no/such/dir");
            assertThat(code).isEqualTo(2);
            assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("no data set at").contains("no/such/dir");
        } finally {
            System.setErr(err);
        }
    }
}
