package org.fleetstreams.ingest;

import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;

/** The dead-letter tests' event time and a dead letter's header as text. */
final class DeadLetterFixtures {

    static final long T = EPOCH + 60_000;

    private DeadLetterFixtures() {
    }

    static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
