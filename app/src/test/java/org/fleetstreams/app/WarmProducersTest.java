package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TopologyDescription;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;

/**
 * Every producer Kafka Streams takes from the supplier is asked, once RUNNING, for the partitions of every topic the
 * app's topology reads or writes, so that no first send (nor the first offsets of a transaction) waits for them on
 * a stream thread.
 */
class WarmProducersTest {

    /** A producer that records which topics it was asked about. */
    private static final class AskedProducer extends MockProducer<byte[], byte[]> {
        final List<String> asked = new ArrayList<>();

        AskedProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized List<PartitionInfo> partitionsFor(String topic) {
            asked.add(topic);
            return List.of();
        }
    }

    @Test
    void everyProducerLooksUpEveryTopicTheTopologyReadsAndWrites() {
        // configure: the app's own topology
        Topics topics = Topics.withPrefix("warm");
        AppConfig config = AppConfig.defaults("localhost:9092", topics);
        TopologyDescription description = FleetTopology.buildTopology(config).describe();
        List<AskedProducer> made = new ArrayList<>();
        WarmProducers supplier = new WarmProducers(c -> {
            AskedProducer p = new AskedProducer();
            made.add(p);
            return p;
        });
        supplier.getProducer(Map.of());
        supplier.getProducer(Map.of());

        // act
        supplier.warm(description, config.applicationId(), Duration.ofSeconds(5));

        // verify: both producers, the inputs (their offsets go into each transaction) and every output
        Set<String> expected = WarmProducers.topics(description);
        assertThat(expected).contains(topics.locations(), topics.accelerations(), topics.joined(), topics.carSummaries(),
                topics.harshBraking(), topics.deadLetters());
        for (AskedProducer p : made) {
            assertThat(p.asked).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theChangelogsAreThisApplicationsOwn() {
        assertThat(WarmProducers.changelogs(List.of("app-a-changelog", "app-b-changelog", "app-b-repartition",
                "other-app-a-changelog", "app-changelog", "warm-joined"), "app"))
                .containsExactly("app-a-changelog", "app-b-changelog");
    }
}
