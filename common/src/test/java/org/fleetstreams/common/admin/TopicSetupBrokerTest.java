package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
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
import org.assertj.core.api.Assertions;
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
        setup.ensure(List.of("newest-a", "newest-b"), 3, (short) 1, TopicSettings.defaultTopicConfig());
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
        setup.ensure(List.of("lag-in"), 2, (short) 1, TopicSettings.defaultTopicConfig());
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

    @Test
    void aSettingTheBrokerDoesNotKnowIsAskedForAgainUnderItsOlderName() {
        // configure: on a broker before Kafka 3.6 the rule is "message.timestamp.after.max.ms unknown: ask for
        // message.timestamp.difference.max.ms". This broker is a Kafka 4, which no longer knows the older name (removed
        // in 4.0): the rule reversed takes the same path on a real broker, the refusal and the second creation.
        TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30),
                Map.of(TopicSettings.OLDER_LIMIT, TopicSettings.AHEAD_LIMIT));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("retention.ms", "-1");
        config.put(TopicSettings.OLDER_LIMIT, String.valueOf(Long.MAX_VALUE));

        TopicSetup.Result result = setup.ensure(List.of("older-a", "older-b"), 2, (short) 1, config);

        // verify: both created, with the other name, said once
        assertThat(result.created()).containsExactly("older-a", "older-b");
        for (String topic : result.created()) {
            assertThat(setup.config(topic)).containsEntry("retention.ms", "-1")
                    .containsEntry(TopicSettings.AHEAD_LIMIT, String.valueOf(Long.MAX_VALUE))
                    .doesNotContainKey(TopicSettings.OLDER_LIMIT);
        }
        assertThat(result.settings()).containsExactly(Map.entry("retention.ms", "-1"),
                Map.entry(TopicSettings.AHEAD_LIMIT, String.valueOf(Long.MAX_VALUE)));
        assertThat(result.notes()).containsExactly("the broker refused Unknown topic config name:"
                + " message.timestamp.difference.max.ms (an older Kafka): created the topics with {retention.ms=-1,"
                + " message.timestamp.after.max.ms=9223372036854775807}");
        // and this broker's settings name the newer limit, which the app goes by for Kafka Streams' own topics
        assertThat(TopicSettings.limitNames(setup.config("older-a"))).containsExactly(TopicSettings.AHEAD_LIMIT);

        // a setting the broker does not know and that has no older name: the broker's reason, nothing created
        Assertions.assertThatThrownBy(() -> new TopicSetup(admin, Duration.ofSeconds(30))
                        .ensure(List.of("older-junk"), 1, (short) 1, Map.of("message.timestamp.ahead.max.ms", "1")))
                .isInstanceOf(KafkaSetupException.class)
                .hasMessage("cannot create topic older-junk: Unknown topic config name: message.timestamp.ahead.max.ms");
        assertThat(setup.partitions(List.of("older-junk"))).isEmpty();
    }

    @Test
    void whetherTheBrokerKnowsASettingIsAskedWithoutCreatingAnything() {
        TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
        SettingProbe probe = new SettingProbe(admin, Duration.ofSeconds(30));

        assertThat(probe.knows(TopicSettings.AHEAD_LIMIT, "probe-topic")).isTrue();
        // Kafka 4 removed the older name: refused as unknown, as a broker before 3.6 refuses the newer one
        assertThat(probe.knows(TopicSettings.OLDER_LIMIT, "probe-topic")).isFalse();
        assertThat(probe.limitNames("probe-topic")).containsExactly(TopicSettings.AHEAD_LIMIT);
        assertThat(setup.partitions(List.of("probe-topic"))).as("validated only").isEmpty();
    }

    private static void send(String topic, int partition, long timestamp) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }
}
