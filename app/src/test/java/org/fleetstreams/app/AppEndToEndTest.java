package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.InputAccounting;
import org.fleetstreams.pipeline.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real path: the replayer publishes the real data into a real broker, the app runs with exactly-once, and every
 * output topic holds the same records as the TopologyTestDriver run of the same input (order-insensitive: four
 * partitions interleave). This is what shows the test path and the real path agree.
 */
class AppEndToEndTest {

    /** ClosingRecords sends one per partition of each input; RealBrokerRun creates 4 partitions. */
    private static final int CLOSING_RECORDS = 2 * 4;

    @TempDir
    Path state;

    /**
     * Event time hours ahead of the wall clock (a replay faster than real time, a loop, a future {@code --epoch}):
     * since Kafka 4.0 a topic refuses records stamped more than an hour ahead unless it says otherwise, and the app's
     * changelogs are stamped with event time. Without a setting on every topic the app writes, its first commit failed
     * and the app stopped, and again at each restart.
     */
    @Test
    void eventTimeHoursAheadOfTheWallClockIsProcessedLikeAnyOther() throws Exception {
        // configure: the real data stamped from three hours ahead, on the driver run's 15 s window grid
        long ahead = System.currentTimeMillis() + 3 * 3_600_000L - TopologyFixture.EPOCH;
        long epoch = TopologyFixture.EPOCH + Math.floorDiv(ahead, 15_000) * 15_000;
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("ahead", "ahead-app", state.resolve("ahead"))) {
            // pipe input: the replayer at max speed, then the closing records 10 minutes of event time later
            pipeline.replay(RealBrokerRun.data(TestData.bdd(), Double.POSITIVE_INFINITY, epoch));
            pipeline.closeWindows(epoch + RealBrokerRun.lastOffsetMillis() + ClosingRecords.LEAD.toMillis());

            // run the app until it has committed every input record, or has stopped
            RealBrokerRun.Outputs real;
            try (StreamsRunner app = pipeline.startApp()) {
                await("every input record committed, or the app stopped").atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> app.isDown() || pipeline.inputLag("ahead-app") == 0);
                assertThat(app.isDown()).as("the app stopped: %s", app.streams().state()).isFalse();
                real = RealBrokerRun.awaitOutputs(pipeline);
            }

            // verify: the driver run of the same data at its own epoch, every time field moved by the epochs' difference
            RealBrokerRun.Outputs driver = RealBrokerRun.driverOutputs(state.resolve("driver"));
            long shift = epoch - TopologyFixture.EPOCH;
            assertThat(trees(real.joined(), 0)).hasSize(driver.joined().size())
                    .containsExactlyInAnyOrderElementsOf(trees(driver.joined(), shift));
            assertThat(trees(real.summaries(), 0)).hasSize(driver.summaries().size())
                    .containsExactlyInAnyOrderElementsOf(trees(driver.summaries(), shift));
            assertThat(trees(real.alerts(), 0)).isNotEmpty().containsExactlyInAnyOrderElementsOf(trees(driver.alerts(), shift));
            assertThat(real.deadLetters()).isZero();
        }
    }

    /** Each JSON output as a tree, its epoch-ms fields ({@code *_time}, {@code window_start}, {@code window_end}) plus {@code shift}. */
    private static List<JsonNode> trees(List<String> json, long shift) {
        ObjectMapper mapper = Json.mapper();
        List<JsonNode> out = new ArrayList<>();
        for (String j : json) {
            try {
                ObjectNode tree = (ObjectNode) mapper.readTree(j);
                List<String> names = new ArrayList<>();
                tree.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if ((name.endsWith("_time") || name.equals("window_start") || name.equals("window_end"))
                            && tree.get(name).canConvertToLong()) {
                        tree.put(name, tree.get(name).asLong() + shift);
                    }
                }
                out.add(tree);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Test
    void realBrokerOutputsEqualTheTestDriversOutputs() throws Exception {
        // configure + create topics: a fresh embedded broker, 4 partitions per topic
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("e2e", "e2e-app", state.resolve("app"))) {
            // pipe input: the replayer at max speed, with the driver test's epoch
            pipeline.replay(RealBrokerRun.realData(Double.POSITIVE_INFINITY));
            RealBrokerRun.closeAllWindows(pipeline);

            // run the app until it has committed every input record
            RealBrokerRun.Outputs real;
            InputAccounting accounting;
            try (StreamsRunner app = pipeline.startApp()) {
                real = RealBrokerRun.awaitOutputs(pipeline);
                app.close();
                accounting = app.accounting(); // after close, as FleetApp prints it
            }

            // verify against the driver
            RealBrokerRun.Outputs driver = RealBrokerRun.driverOutputs(state.resolve("driver"));
            assertThat(real.joined()).hasSize(28_601).containsExactlyInAnyOrderElementsOf(driver.joined());
            assertThat(real.summaries()).hasSize(152).containsExactlyInAnyOrderElementsOf(driver.summaries());
            assertThat(real.alerts()).isNotEmpty().containsExactlyInAnyOrderElementsOf(driver.alerts());
            assertThat(real.deadLetters()).isZero();
            // the accounting identity, from the app's metrics: every record read (the closing ones too) was valid
            assertThat(accounting.holds()).as(accounting.report(pipeline.topics())).isTrue();
            assertThat(accounting.inputs()).allSatisfy(input -> assertThat(input.read()).isEqualTo(input.valid()));
            assertThat(accounting.inputs().stream().mapToLong(InputAccounting.Input::read).sum())
                    .isEqualTo(RealDataTopologyTest.replayedReadings().size() + CLOSING_RECORDS);
        }
    }
}
