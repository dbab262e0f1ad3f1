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

    /** A supplier whose producers record what they are asked, each added to {@code made}. */
    private static WarmProducers recording(List<AskedProducer> made) {
        return new WarmProducers(c -> {
            AskedProducer p = new AskedProducer();
            made.add(p);
            return p;
        });
    }

    @Test
    void everyProducerLooksUpEveryTopicOfTheTopologyThatExists() {
        // configure: the app's own topology; the broker lists its topics, one changelog missing, another app's
        Topics topics = Topics.withPrefix("warm");
        AppConfig config = AppConfig.defaults("localhost:9092", topics);
        TopologyDescription description = FleetTopology.buildTopology(config).describe();
        String app = config.applicationId();
        List<String> listed = new ArrayList<>(List.of(topics.locations(), topics.accelerations(), topics.joined(),
                topics.carSummaries(), topics.harshBraking(), topics.deadLetters(), "unrelated",
                app + "-warmup-accel-gps-join-fixes-changelog"));
        List<String> stores = new ArrayList<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertThat(stores).contains("accel-gps-join-fixes", "ride-overview");
        String missing = app + "-" + stores.get(0) + "-changelog";
        stores.subList(1, stores.size()).forEach(store -> listed.add(app + "-" + store + "-changelog"));

        List<AskedProducer> made = new ArrayList<>();
        WarmProducers supplier = recording(made);
        supplier.getProducer(Map.of());
        supplier.getProducer(Map.of());

        // act
        Set<String> existing = WarmProducers.existing(description, app, listed);
        boolean done = supplier.lookUp(existing, System.nanoTime() + Duration.ofSeconds(30).toNanos());

        // verify: the inputs (their offsets go into each transaction), every output and every listed changelog of
        // this app's stores; not a topic the broker does not have, nor another application's
        assertThat(done).isTrue();
        assertThat(existing).contains(topics.locations(), topics.accelerations(), topics.joined(), topics.carSummaries(),
                topics.harshBraking(), topics.deadLetters(), app + "-" + stores.get(1) + "-changelog")
                .hasSize(6 + stores.size() - 1)
                .doesNotContain(missing, "unrelated", app + "-warmup-accel-gps-join-fixes-changelog");
        for (AskedProducer p : made) {
            assertThat(p.asked).containsExactlyInAnyOrderElementsOf(existing);
        }
    }

    @Test
    void aProducerMadeAfterTheWarmUpIsNotKept() {
        List<AskedProducer> made = new ArrayList<>();
        WarmProducers supplier = recording(made);
        supplier.getProducer(Map.of());
        // no admin (the supplier made none): nothing to list, nothing asked; the warm-up is over all the same
        supplier.warm(FleetTopology.buildTopology(AppConfig.defaults("localhost:9092", Topics.withPrefix("w"))).describe(),
                "w-app", Duration.ofSeconds(1));
        supplier.getProducer(Map.of());

        assertThat(supplier.lookUp(Set.of("w-joined"), System.nanoTime() + Duration.ofSeconds(30).toNanos())).isTrue();
        assertThat(made.get(0).asked).isEmpty();
        assertThat(made.get(1).asked).isEmpty();
    }
}
