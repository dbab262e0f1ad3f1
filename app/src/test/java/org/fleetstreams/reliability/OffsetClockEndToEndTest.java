package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.ingest.OffsetRows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A producer that publishes a minute of a ride in one burst without stamping event times (its record timestamps are
 * send times), and the app as a user runs it with {@code --offset-epoch} ({@code FleetApp} in its own process) on a
 * real broker: the pairs and the windows are the ones the offsets say, not one burst second's. Closing records carry
 * their offset too ({@code replayer.jar --close} sends them so), and it closes the last windows.
 */
class OffsetClockEndToEndTest {

    private static final Instant EPOCH = Instant.parse("2017-08-28T00:00:00Z");
    private final Topics topics = Topics.withPrefix("offsets");

    @Test
    @Timeout(180)
    void rowsWithoutEventTimesAreJoinedAndWindowedByTheirOffsets() throws Exception {
        Path dir = FaultRig.runDir("offset-clock");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure + create topics
            String bootstrap = broker.bootstrapServers();
            FaultRig.createInputs(bootstrap, topics, 2, (short) 1);
            try (ChildJvm app = FaultRig.startApp(bootstrap, topics, dir, "--offset-epoch", EPOCH.toString())) {
                app.awaitLog("-> RUNNING", Duration.ofSeconds(90));

                // pipe input: the rows keyed by ride, no timestamp given (the producer stamps its send time)
                List<OffsetRows.Row> rows = OffsetRows.ride();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                        new StringSerializer(), new ByteArraySerializer())) {
                    for (OffsetRows.Row row : rows) {
                        producer.send(new ProducerRecord<>(row.fix() ? topics.locations() : topics.accelerations(),
                                OffsetRows.RIDE, row.json().getBytes(StandardCharsets.UTF_8)));
                    }
                    producer.flush();
                }
                Properties client = new Properties();
                client.put("bootstrap.servers", bootstrap);
                // closing records as replayer.jar --close sends them, but stamped at the epoch, before the data: only
                // their offset, 10 minutes after the ride, can close the windows
                double closingOffset = (OffsetRows.RIDE_MS + ClosingRecords.LEAD.toMillis()) / 1000.0;
                ClosingRecords.send(client, topics, EPOCH.toEpochMilli(), closingOffset);

                // verify: every window of the ride once, with the samples its offsets put in it; every pair
                Map<Long, Long> expected = OffsetRows.expectedSamplesPerWindow(EPOCH.toEpochMilli(), rows);
                AtomicReference<List<CarSummary>> read = new AtomicReference<>();
                await("a summary of every window").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> {
                            read.set(TopicReader.readAll(bootstrap, topics.carSummaries(), Duration.ofSeconds(30))
                                    .stream().map(r -> FleetSerdes.carSummary().fromBytes(r.value())).toList());
                            assertThat(read.get()).as("summaries so far").hasSizeGreaterThanOrEqualTo(expected.size());
                        });
                List<CarSummary> summaries = read.get();
                assertThat(summaries.stream().collect(Collectors.toMap(CarSummary::windowStart, CarSummary::accelSamples)))
                        .isEqualTo(expected);
                List<ConsumerRecord<String, byte[]>> joined = TopicReader.readAll(bootstrap, topics.joined(),
                        Duration.ofSeconds(30));
                assertThat(joined).hasSize(OffsetRows.expectedPairs(rows));
                assertThat(TopicReader.readAll(bootstrap, topics.deadLetters(), Duration.ofSeconds(30))).isEmpty();
            }
        }
    }
}
