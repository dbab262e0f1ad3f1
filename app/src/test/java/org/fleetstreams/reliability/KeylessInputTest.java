package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A producer that sets no key (kafka-console-producer without parse.key, a Spark sink without a key column) into
 * input topics of one partition, the app as a user runs it ({@code FleetApp} in its own process) on a real broker:
 * the app learns the partition count when it checks its inputs and takes each record as keyed by its ride_id, so the
 * fix and the sample are joined under the ride's key and nothing is dead-lettered. Before, both were dead letters
 * ("key missing").
 */
class KeylessInputTest {

    private final Topics topics = Topics.withPrefix("keyless");

    @Test
    @Timeout(180)
    void keylessReadingsInOnePartitionAreJoinedUnderTheirRide() throws Exception {
        Path dir = FaultRig.runDir("keyless-input");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure + create topics: both inputs with one partition, as a broker's auto-creation makes them
            String bootstrap = broker.bootstrapServers();
            FaultRig.createInputs(bootstrap, topics, 1, (short) 1);
            try (ChildJvm app = FaultRig.startApp(bootstrap, topics, dir)) {
                app.awaitLog("-> RUNNING", Duration.ofSeconds(90));

                // pipe input: a fix and a sample half a second later, neither with a key
                long t = FaultRig.EPOCH + 60_000;
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                        new StringSerializer(), new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(topics.locations(), null, t, null, FleetSerdes.locationFix()
                            .toBytes(TopologyFixture.fix("r", t, 40.7, -73.9, 10)))).get();
                    producer.send(new ProducerRecord<>(topics.accelerations(), null, t + 500, null,
                            FleetSerdes.accelerationSample().toBytes(TopologyFixture.sample("r", t + 500, 0.1, 0.2, 1.0))))
                            .get();
                }

                // verify: the pair under the ride's key, read_committed; no dead letter
                List<ConsumerRecord<String, byte[]>> joined = await("the joined pair").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> TopicReader.readAll(bootstrap, topics.joined(), Duration.ofSeconds(30)), r -> !r.isEmpty());
                assertThat(joined).extracting(ConsumerRecord::key).containsExactly("r");
                assertThat(TopicReader.readAll(bootstrap, topics.deadLetters(), Duration.ofSeconds(30))).isEmpty();
            }
        }
    }
}
