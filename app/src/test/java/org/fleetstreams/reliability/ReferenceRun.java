package org.fleetstreams.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.ScratchDir;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.deadletter.DeadLetterHeaders;

/**
 * The same input records through the topology in a TopologyTestDriver, one at a time in event-time order: the
 * reference for what depends on the detector (alerts, peak deceleration, braking counts) and for dead letters.
 */
record ReferenceRun(List<CarSummary> summaries, List<HarshBrakingAlert> alerts, List<String> deadLetters) {

    static ReferenceRun of(AppConfig appConfig, List<InputRecord> inputs) {
        try (ScratchDir state = ScratchDir.create("reference-run");
             TopologyFixture app = new TopologyFixture(appConfig.withStateDir(state.path()))) {
            AppConfig config = app.config;
            String locations = config.topics().locations();
            for (InputRecord r : ExpectedOutputs.inEventTimeOrder(inputs, locations)) {
                TestRecord<String, byte[]> record = new TestRecord<>(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp()));
                (r.topic().equals(locations) ? app.locations : app.accelerations).pipeInput(record);
            }
            List<CarSummary> summaries = app.summaries.readValuesToList();
            List<HarshBrakingAlert> alerts = app.driver.createOutputTopic(config.topics().harshBraking(),
                    new StringDeserializer(), FleetSerdes.harshBrakingAlert().deserializer()).readValuesToList();
            List<String> deadLetters = app.deadLetters.readRecordsToList().stream()
                    .map(d -> deadLetterKey(header(d.headers().lastHeader(DeadLetterHeaders.TOPIC)), d.value(),
                            header(d.headers().lastHeader(DeadLetterHeaders.REASON))))
                    .toList();
            return new ReferenceRun(summaries, alerts, deadLetters);
        }
    }

    static String deadLetterKey(String sourceTopic, byte[] value, String reason) {
        String text = value == null ? "<null>" : new String(value, StandardCharsets.UTF_8);
        return sourceTopic + " | " + reason + " | " + text;
    }

    static String header(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
