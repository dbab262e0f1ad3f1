package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No stall for alerts: when the whole input stops right after the record that decides an alert, the alert is written
 * once the merge notices the stop (no record for {@code TimePolicy.inputStopped()}, 1 s, and the broker holding
 * nothing more), not when more input comes. The deciding sample comes after the GPS input's last fix, so the merge
 * holds it (a sample may not pass a fix the GPS has not delivered yet); only the stop lets it go.
 */
class StoppedInputAlertTest {

    @TempDir
    Path state;

    private static String decidedAt(TestRecord<String, HarshBrakingAlert> alert) {
        return new String(alert.headers().lastHeader(HarshBraking.DECIDED_AT_HEADER).value(), StandardCharsets.UTF_8);
    }

    @Test
    void anAlertDecidedByTheLastRecordBeforeTheInputStopsIsWrittenAboutASecondLater() {
        // configure: the alerts of a whole run of data/sample, and the first one a sample of its own ride decided
        Path data = Path.of("../data/sample");
        List<SensorReading> readings = RealDataTopologyTest.replayedReadings(data, TopologyFixture.EPOCH);
        TestRecord<String, HarshBrakingAlert> whole = DriverRun.alertRecords(data).stream()
                .filter(a -> decidedAt(a).startsWith("sample:")).findFirst().orElseThrow();
        long decided = Long.parseLong(decidedAt(whole).substring("sample:".length()));
        long lastFix = readings.stream().filter(r -> r instanceof LocationFix && r.eventTime() <= decided)
                .mapToLong(SensorReading::eventTime).max().orElseThrow();
        assertThat(lastFix).as("the GPS input has not passed the deciding sample").isLessThan(decided);

        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            TestOutputTopic<String, HarshBrakingAlert> alerts = app.driver.createOutputTopic(
                    app.config.topics().harshBraking(), new StringDeserializer(),
                    FleetSerdes.harshBrakingAlert().deserializer());

            // pipe: every reading up to the deciding sample, then nothing
            readings.stream().filter(r -> r.eventTime() <= decided).forEach(app::pipe);
            List<HarshBrakingAlert> beforeTheStop = alerts.readValuesToList();

            // verify: held while the input may still deliver; written once it has stopped, as the whole run wrote it
            assertThat(beforeTheStop).doesNotContain(whole.value());
            app.driver.advanceWallClockTime(app.config.time().inputStopped().minusMillis(100));
            assertThat(alerts.readValuesToList()).as("before the merge can take the input as stopped").isEmpty();
            app.driver.advanceWallClockTime(Duration.ofMillis(200)); // the driver's clock moves by, not to: 1.1 s now
            assertThat(alerts.readValuesToList()).contains(whole.value());
        }
    }
}
