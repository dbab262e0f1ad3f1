package org.fleetstreams.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.generate.Family;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.generate.SensorTiming;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An alert comes after its brake ends, by up to the merge gap, the wait for a confirming fix and one sample interval;
 * the summary windows wait that long (their grace) so that the alert is counted where its end time falls. With 30 s
 * windows every 15 s, that is exactly two windows per alert. A slow phone lengthens the sample interval: the grace
 * allows for a 10 Hz phone and 1 s of disorder besides, which must cover a phone reporting once a second. A PHYSICS
 * fleet (its brakes from the generator's driver, not from this detector) at the phone rate given.
 */
class AlertsInTheirWindowsTest {

    @ParameterizedTest(name = "phones at {0} Hz")
    @ValueSource(ints = {50, 5, 1})
    void everyAlertIsCountedInTheTwoWindowsItsEndFallsInAndNothingIsLate(int phoneHz, @TempDir Path dir) throws Exception {
        // configure: 20 cars, 2 minutes, every phone at the rate given, a fix every 1-4 s
        Path data = Files.createDirectory(dir.resolve("fleet"));
        FleetGenerator.generate(new FleetGenerator.Options(data, 20, 120, 7, 4, Family.PHYSICS,
                FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.of(phoneHz, null)));
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(dir.resolve("state")))) {
            // pipe input in event-time order, then move both inputs an hour on: every window closes
            List<SensorReading> readings = TestData.readings(data, TopologyFixture.EPOCH);
            readings.forEach(app::pipe);
            app.advanceBothInputsTo(readings.get(readings.size() - 1).eventTime() + 3_600_000);

            // verify
            List<HarshBrakingAlert> alerts = app.driver.createOutputTopic(app.config.topics().harshBraking(),
                    new StringDeserializer(), FleetSerdes.harshBrakingAlert().deserializer()).readValuesToList();
            assertThat(alerts).as("the fleet's brakes give alerts").hasSizeGreaterThan(20);
            assertThat(app.drain(app.deadLetters)).as("dead letters, late ones included").isEmpty();
            long counted = app.drain(app.summaries).stream().mapToLong(s -> s.value().harshBrakingCount()).sum();
            assertThat(counted).isEqualTo(2L * alerts.size());
        }
    }
}
