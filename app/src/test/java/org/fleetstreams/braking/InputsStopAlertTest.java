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
 * No stall for the brake that ends the input: a ride's last stop, with nothing after it from any ride and no closing
 * records (a producer other than the replayer). Its alert is written once the inputs have stopped (no record, the
 * broker holding nothing more) for as long as the ride's silence in event time (1.5 s plus the tolerated disorder,
 * 2.5 s), not when more input comes, and it still counts in its summary windows.
 */
class InputsStopAlertTest {

    @TempDir
    Path state;

    @Test
    void theAlertOfABrakeThatEndsTheInputIsWrittenAboutASecondAfterTheStop() {
        // configure: one ride, a minute of driving ending in a 0.45 g brake, then nothing
        List<SensorReading> readings = ENDS_WITH_A_BRAKE.readings("r", SyntheticRide.Orientation.DASHCAM, 7);
        long last = readings.get(readings.size() - 1).eventTime();
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            TestOutputTopic<String, HarshBrakingAlert> alerts = app.driver.createOutputTopic(
                    app.config.topics().harshBraking(), new StringDeserializer(),
                    FleetSerdes.harshBrakingAlert().deserializer());

            // pipe: every reading, then nothing
            readings.forEach(app::pipe);
            assertThat(alerts.readValuesToList()).as("undecided while the input may go on").isEmpty();

            // verify: nothing before the inputs have stopped for the ride's silence, the alert at the next look after
            Duration silence = Duration.ofMillis(BrakingDetector.SILENT_MS).plus(app.config.time().toleratedDisorder());
            app.driver.advanceWallClockTime(silence.minusMillis(200));
            assertThat(alerts.readValuesToList()).as("stopped for less than the silence").isEmpty();
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
                    && alert.endTime() < s.windowEnd())).hasSize(2).allSatisfy(s -> assertThat(s.harshBrakingCount()).isEqualTo(1));
            assertThat(app.deadLetters.isEmpty()).isTrue();
            assertThat(alerts.isEmpty()).as("no second alert for the same brake").isTrue();
        }
    }
}
