package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
                accounting = InputAccounting.of(app.streams().metrics()); // after close, as FleetApp prints it
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
