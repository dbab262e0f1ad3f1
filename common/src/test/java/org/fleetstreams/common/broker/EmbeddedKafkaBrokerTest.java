package org.fleetstreams.common.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void servesRealProduceAndConsumeAndDeletesItsTemporaryLogDir() throws Exception {
        Path logDir;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            logDir = broker.logDir();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", null, 1234L, "k", "v")).get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "g",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("t"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                }
            }
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("k");
                assertThat(r.value()).isEqualTo("v");
                assertThat(r.timestamp()).isEqualTo(1234L);
            });
        }
        assertThat(logDir).doesNotExist();
    }

    @Test
    void aGivenLogDirIsKeptAndReusedSoTopicsSurviveARestart(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(logDir).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(Files.list(logDir)).isNotEmpty();
        // the storage tool's settings file (a secured broker's passwords) is not left behind
        assertThat(logDir.resolve("embedded-server.properties")).doesNotExist();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(logDir).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
        }
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().start()) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().port(first.port()).start())
                    .isInstanceOf(PortTakenException.class)
                    .hasMessageContaining("port " + first.port());
        }
    }

    @Test
    void portsTakenInOneCallAreDistinct() {
        // One at a time, the kernel may hand the same ephemeral port out twice; a broker then gets PLAINTEXT and
        // CONTROLLER on one port and refuses to start (seen once in CI).
        int[] ports = FreePorts.take(64);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(64);
        assertThat(Arrays.stream(ports).min().getAsInt()).isPositive();
    }

    @Test
    void onlyABindFailureCountsAsATakenPort() {
        assertThat(PortTakenException.isBindFailure(new RuntimeException("startup failed",
                new BindException("Address already in use")))).isTrue();
        assertThat(PortTakenException.isBindFailure(new KafkaException(
                "Socket server failed to bind to 127.0.0.1:9092: Address already in use."))).isTrue();
        assertThat(PortTakenException.isBindFailure(new IllegalArgumentException("invalid log.dirs"))).isFalse();
    }
}
