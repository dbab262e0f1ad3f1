package org.fleetstreams.braking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.braking.BrakingProcessorFixtures.ENDS_WITH_A_BRAKE;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brake that ends the input: a ride's last stop, with nothing after it from any ride and no closing records (a
 * producer other than the replayer). Its alert is written once the inputs have stopped (no record, the broker holding
 * nothing more) for the missing-record wait, a minute, rather than never, and it still counts in its summary windows;
 * a producer's shorter stall in the middle of the brake decides nothing early.
 */
class InputsStopAlertTest {

    @TempDir
    Path state;

    @Test
    void theAlertOfABrakeThatEndsTheInputIsWrittenOnceTheInputsHaveStoppedForTheWait() {
        // configure: one ride, a minute of driving ending in a 0.45 g brake, then nothing
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long last = readings.get(readings.size() - 1).eventTime();
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            TestOutputTopic<String, HarshBrakingAlert> alerts = alerts(app);
            Duration wait = app.config.time().missingRecordWait();

            // pipe: every reading, then nothing
            readings.forEach(app::pipe);
            assertThat(alerts.readValuesToList()).as("undecided while the input may go on").isEmpty();

            // verify: nothing before the inputs have stopped for the wait, the alert at the next look after it
            app.driver.advanceWallClockTime(wait.minusMillis(200));
            assertThat(alerts.readValuesToList()).as("stopped for less than the wait").isEmpty();
            app.driver.advanceWallClockTime(Duration.ofMillis(400)); // the driver's clock moves by, not to
            List<HarshBrakingAlert> written = alerts.readValuesToList();
            assertThat(written).hasSize(1);
            HarshBrakingAlert alert = written.get(0);
            assertThat(alert.rideId()).isEqualTo("r");
            assertThat(alert.peakDecelG()).isGreaterThan(0.35);

            // and when the input goes on later (closing records), the alert is in its windows, nothing late
            app.advanceBothInputsTo(last + ClosingRecords.LEAD.toMillis());
            List<CarSummary> summaries = app.summaries.readValuesToList();
            assertThat(summaries.stream().filter(s -> s.windowStart() <= alert.endTime()
                    && alert.endTime() < s.windowEnd())).hasSize(2)
                    .allSatisfy(s -> assertThat(s.harshBrakingCount()).isEqualTo(1));
            assertThat(app.deadLetters.isEmpty()).isTrue();
            assertThat(alerts.isEmpty()).as("no second alert for the same brake").isTrue();
        }
    }

    @Test
    void aProducersStallInTheMiddleOfTheBrakeDecidesNothingEarly() {
        // configure: the same ride; the producer stalls a second into the brake, for 40 s, then sends the rest
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long brakeStart = SyntheticRide.T0 + 63_000; // a minute of wiggles and 3 s of cruise
        List<SensorReading> before = readings.stream().filter(r -> r.eventTime() < brakeStart + 1_000).toList();
        List<SensorReading> after = readings.stream().filter(r -> r.eventTime() >= brakeStart + 1_000).toList();
        HarshBrakingAlert uninterrupted = alertOf(readings, null);

        // pipe and verify: the alert of the run with the stall is the uninterrupted run's
        HarshBrakingAlert stalled = alertOf(before, after);

        assertThat(stalled).isEqualTo(uninterrupted);
    }

    /** The one alert of {@code first}, then a 40 s stall and {@code then} (when not null), then the inputs' stop. */
    private HarshBrakingAlert alertOf(List<SensorReading> first, List<SensorReading> then) {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state.resolve("run-" + (then == null))))) {
            TestOutputTopic<String, HarshBrakingAlert> alerts = alerts(app);
            first.forEach(app::pipe);
            if (then != null) {
                app.driver.advanceWallClockTime(Duration.ofSeconds(40));
                assertThat(alerts.isEmpty()).as("nothing decided during the stall").isTrue();
                then.forEach(app::pipe);
            }
            app.driver.advanceWallClockTime(app.config.time().missingRecordWait().plusMillis(200));
            List<HarshBrakingAlert> written = alerts.readValuesToList();
            assertThat(written).hasSize(1);
            return written.get(0);
        }
    }

    private static TestOutputTopic<String, HarshBrakingAlert> alerts(TopologyFixture app) {
        return app.driver.createOutputTopic(app.config.topics().harshBraking(), new StringDeserializer(),
                FleetSerdes.harshBrakingAlert().deserializer());
    }
}
