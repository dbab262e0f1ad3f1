package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lookups the demo and the benchmarks make of a real broker: the newest record timestamp of a set of topics (the
 * demo moves its epoch past it on a Kafka of one's own) and a consumer group's lag per partition.
 */
class TopicSetupBrokerTest {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        admin.close();
        broker.close();
    }

    @Test
    void latestTimestampIsTheNewestRecordOverEveryPartitionOfEveryTopic() throws Exception {
        // configure: two topics, records written out of timestamp order, the newest in the middle of a partition
        // (timestamps in 1970: retention.ms -1, as for the replayed topics)
        TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
        setup.ensure(List.of("newest-a", "newest-b"), 3, (short) 1, TopicSetup.defaultTopicConfig());
        assertThat(setup.latestTimestamp(List.of("newest-a", "newest-b"))).as("empty topics").isEqualTo(Long.MIN_VALUE);

        // pipe
        send("newest-a", 0, 5_000L);
        send("newest-a", 0, 9_000L);
        send("newest-a", 0, 7_000L);
        send("newest-a", 2, 8_000L);
        send("newest-b", 1, 6_000L);

        // verify: the maximum, not the last written; an absent topic is left out
        assertThat(setup.latestTimestamp(List.of("newest-a", "newest-b"))).isEqualTo(9_000L);
        assertThat(setup.latestTimestamp(List.of("newest-b", "newest-absent"))).isEqualTo(6_000L);
        assertThat(setup.latestTimestamp(List.of("newest-absent"))).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void groupLagsCountWhatTheGroupHasNotCommitted() throws Exception {
        // configure
        TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
        setup.ensure(List.of("lag-in"), 2, (short) 1, TopicSetup.defaultTopicConfig());
        for (int i = 0; i < 3; i++) {
            send("lag-in", 0, 1_000L + i);
        }
        send("lag-in", 1, 2_000L);

        // verify: nothing committed, every record counts
        assertThat(setup.groupLags("lag-group", List.of("lag-in")))
                .containsEntry(new TopicPartition("lag-in", 0), 3L)
                .containsEntry(new TopicPartition("lag-in", 1), 1L);

        // a commit of partition 0 up to its second record
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "lag-group"), new StringDeserializer(), new StringDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition("lag-in", 0), new OffsetAndMetadata(2)));
        }
        assertThat(setup.groupLags("lag-group", List.of("lag-in")))
                .containsEntry(new TopicPartition("lag-in", 0), 1L)
                .containsEntry(new TopicPartition("lag-in", 1), 1L);
        assertThat(setup.groupLag("lag-group", List.of("lag-in"))).isEqualTo(2L);
    }

    private static void send(String topic, int partition, long timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }
}
