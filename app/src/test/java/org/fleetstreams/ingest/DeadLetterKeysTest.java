package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;
import static org.fleetstreams.ingest.DeadLetterFixtures.T;
import static org.fleetstreams.ingest.DeadLetterFixtures.header;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

/** Record keys: a uuid is its ride's, a keyless record is taken with one partition only, long keys quoted short. */
class DeadLetterKeysTest extends OnTopologyFixture {

    /**
     * A producer that keys "by car", by the phone's uuid: every record of a ride is still in one partition number of
     * both inputs, so the ride is joined as when keyed by its ride_id, and its outputs are keyed by the ride.
     */
    @Test
    void aRecordKeyedByItsUuidIsItsRides() {
        pipePair("u-r", "r", T);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        List<TestRecord<String, JoinedReading>> pairs = app.joined.readRecordsToList();
        assertThat(pairs).singleElement().satisfies(pair -> {
            assertThat(pair.key()).isEqualTo("r");
            assertThat(pair.value().rideId()).isEqualTo("r");
        });
    }

    @Test
    void aRecordWithoutAKeySaysSo() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        app.locations.pipeInput(new TestRecord<>((String) null, bytes, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("key missing").contains("ride_id is 'r'");
        assertThat(app.metric("dead-letter-reason-total", "locations/key-mismatch")).isEqualTo(1);
    }

    /**
     * A producer that sets no key (kafka-console-producer without parse.key, a Spark sink without a key column) into
     * topics of one partition: every record is where a keyed one of its ride would be, so the app takes it as keyed
     * by its ride_id, once it knows the inputs' partition count (FleetApp puts it in Ingest.INPUT_PARTITIONS).
     */
    @Test
    void withOnePartitionARecordWithoutAKeyIsItsRides() {
        withInputPartitions(1);
        pipeKeyless("r", T);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        List<TestRecord<String, JoinedReading>> pairs = app.joined.readRecordsToList();
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).key()).isEqualTo("r");
    }

    /**
     * With four partitions a producer without keys spreads a ride's records over them, so every keyless record is a
     * dead letter, wherever it sits (the driver reads partition 0): taken, the share in the ride's partition would give
     * normal-looking results from a thinned ride.
     */
    @Test
    void withFourPartitionsARecordWithoutAKeyIsADeadLetterEvenInItsRidesPartition() {
        withInputPartitions(4);
        pipeKeyless("r", T);

        assertThat(app.joined.isEmpty()).isTrue();
        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON))
                .startsWith("key missing").contains("ride_id is 'r'")
                .contains("with 4 partitions a keyless producer spreads a ride's records over them"));
    }

    /** The topology again, told the inputs' partition count as FleetApp tells it (Ingest.INPUT_PARTITIONS). */
    private void withInputPartitions(int partitions) {
        app.close();
        app = new TopologyFixture(TopologyFixture.config(state).withOverrides(
                Map.of(Ingest.INPUT_PARTITIONS, String.valueOf(partitions))));
    }

    /** A fix and a sample 0.5 s later of {@code ride}, both without a key: one joined pair when taken. */
    private void pipeKeyless(String ride, long t) {
        pipePair(null, ride, t);
    }

    /** A fix and a sample 0.5 s later of {@code ride}, both with {@code key}. */
    private void pipePair(String key, String ride, long t) {
        app.locations.pipeInput(new TestRecord<>(key, FleetSerdes.locationFix().toBytes(fix(ride, t, 40.7, -73.9, 5)),
                Instant.ofEpochMilli(t)));
        app.accelerations.pipeInput(new TestRecord<>(key,
                FleetSerdes.accelerationSample().toBytes(sample(ride, t + 500, 0.1, 0.2, 1.0)), Instant.ofEpochMilli(t + 500)));
    }

    @Test
    void aKeyMismatchQuotesLongValuesShortened() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        String key = "k".repeat(5_000);
        app.locations.pipeInput(new TestRecord<>(key, bytes, Instant.ofEpochMilli(T)));

        String reason = header(app.deadLetters.readRecord(), DeadLetterHeaders.REASON);
        assertThat(reason).startsWith("key 'kkk").contains("(5000 characters)").endsWith("ride_id 'r' nor its uuid 'u-r'");
        assertThat(reason.length()).isLessThan(300);
    }
}
