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
            pipeline.closeWindows(epoch + RealBrokerRun.lastOffsetMillis() + 600_000);

            // run the app until it has committed every input record, or has stopped
            RealBrokerRun.Outputs real;
            try (StreamsRunner app = pipeline.startApp()) {
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (!app.isDown() && pipeline.inputLag("ahead-app") != 0 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(app.isDown()).as("the app stopped: %s", app.streams().state()).isFalse();
                real = RealBrokerRun.awaitOutputs(pipeline);
            }

            // verify: as many of each output as the driver run of the same data at its own epoch
            RealBrokerRun.Outputs driver = RealBrokerRun.driverOutputs(state.resolve("driver"));
            assertThat(real.joined()).hasSize(driver.joined().size());
            assertThat(real.summaries()).hasSize(driver.summaries().size());
            assertThat(real.alerts()).hasSize(driver.alerts().size());
            assertThat(real.deadLetters()).isZero();
        }
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
