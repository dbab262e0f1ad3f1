package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckAndRoute} alone: a valid reading goes to every reader; an invalid one to the dead-letter sink, and every
 * reader gets {@link Skipped#RECORD} in its place (the merge counts its offset as read).
 */
class CheckAndRouteTest {

    @Test
    void anInvalidRecordIsADeadLetterAndEveryReaderHearsItsOffsetWasRead() {
        // configure
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "checks");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(props);
        CheckAndRoute<LocationFix> check = new CheckAndRoute<>("locations", List.of("merge", "other"), EventTimes.RECORD_TIME);
        check.init(context);

        // pipe: a valid fix at offset 7, then a record that is not JSON at offset 8
        LocationFix fix = TopologyFixture.fix("a", TopologyFixture.EPOCH, 40, -74, 10);
        context.setRecordMetadata("c-locations", 3, 7);
        check.process(new Record<>("a", Checked.valid(fix, new byte[0]), fix.eventTime()));
        context.setRecordMetadata("c-locations", 3, 8);
        byte[] bad = "{not json".getBytes(StandardCharsets.UTF_8);
        check.process(new Record<>("a", Checked.dead(bad, "not JSON: ..."), TopologyFixture.EPOCH));

        // verify: where each went, in order
        List<String> routed = context.forwarded().stream()
                .map(f -> f.childName().orElse("?") + ":" + shown(f.record().value()))
                .toList();
        assertThat(routed).containsExactly("merge:valid", "other:valid", DeadLetters.SINK + ":" + new String(bad,
                StandardCharsets.UTF_8), "merge:RECORD", "other:RECORD");
    }

    private static String shown(Object value) {
        if (value instanceof Checked<?> c) {
            return c.isValid() ? "valid" : "dead";
        }
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
