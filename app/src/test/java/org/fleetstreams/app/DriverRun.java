package org.fleetstreams.app;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.SensorReading;

/**
 * What the topology makes of a data set in a TopologyTestDriver, records piped in event-time order: the reference a
 * real-broker run (demo, REST API) is compared with, instead of a number written into the test.
 */
public final class DriverRun {

    private DriverRun() {
    }

    /** The harsh-braking alerts for {@code data}, replayed with the fixed test epoch and closed an hour later. */
    public static List<HarshBrakingAlert> alerts(Path data) {
        return alertRecords(data).stream().map(TestRecord::value).toList();
    }

    /** The same alerts as records, with their headers. */
    public static List<TestRecord<String, HarshBrakingAlert>> alertRecords(Path data) {
        try (ScratchDir state = ScratchDir.create("driver-run");
             TopologyFixture app = new TopologyFixture(TopologyFixture.config(state.path()))) {
            List<SensorReading> readings = RealDataTopologyTest.replayedReadings(data, TopologyFixture.EPOCH);
            readings.forEach(app::pipe);
            app.advanceBothInputsTo(readings.get(readings.size() - 1).eventTime() + 3_600_000);
            return app.driver.createOutputTopic(app.config.topics().harshBraking(), new StringDeserializer(),
                    FleetSerdes.harshBrakingAlert().deserializer()).readRecordsToList();
        }
    }
}
