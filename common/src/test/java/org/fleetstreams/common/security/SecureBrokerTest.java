package org.fleetstreams.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.broker.BrokerSecurity;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured embedded broker on its own: only SASL_SSL logins with the right password get in, ACLs decide what a
 * user may do, and nobody but the setup admin is a super user.
 */
class SecureBrokerTest {

    @TempDir
    Path dir;

    @Test
    void sslScramAndAclsGuardTheBroker() throws Exception {
        Topics topics = Topics.withPrefix("sec");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(BrokerSecurity.create(dir)).start()) {
            // configure: users, ACLs and client files as the replayer's --secure option makes them
            FleetUsers.ClientFiles files = FleetUsers.setUp(broker, dir, topics, "fleetstreams-sec");
            Properties replayer = load(files.replayer());
            Properties app = load(files.app());

            // the replayer may create and write its inputs ...
            try (Admin admin = KafkaConnection.connect(replayer, Duration.ofSeconds(30))) {
                admin.createTopics(List.of(new NewTopic(topics.locations(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                new AccessCheck(admin, Duration.ofSeconds(30), broker.bootstrapServers()).require(FleetAcls.replayer("User:replayer", topics));
            }
            try (KafkaProducer<String, String> producer = producer(replayer)) {
                producer.send(new ProducerRecord<>(topics.locations(), "k", "v")).get(30, TimeUnit.SECONDS);
            }
            // ... the app may not write them, and knows it before it tries
            try (KafkaProducer<String, String> producer = producer(app)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.locations(), "k", "v"))
                        .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
            try (Admin admin = KafkaConnection.connect(app, Duration.ofSeconds(30))) {
                assertThatThrownBy(() -> new AccessCheck(admin, Duration.ofSeconds(30), broker.bootstrapServers()).require(
                        FleetAcls.replayer("User:app", topics))).isInstanceOf(KafkaSetupException.class)
                        .hasMessageStartingWith("not authorized to WRITE topic sec-locations: grant it to User:app");
            }

            // a wrong password is a clear authentication error, not "is a broker running?"
            Properties wrong = load(files.app());
            wrong.put("sasl.jaas.config", wrong.getProperty("sasl.jaas.config").replaceAll("password=\"[^\"]*\"",
                    "password=\"wrong\""));
            assertThatThrownBy(() -> KafkaConnection.connect(wrong, Duration.ofSeconds(30)))
                    .isInstanceOf(KafkaSetupException.class)
                    .hasMessageStartingWith("authentication failed: Kafka rejected the SCRAM login of User:app");
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        p.putAll(PropertiesFiles.load(file));
        return p;
    }

    private static KafkaProducer<String, String> producer(Properties client) {
        Map<String, Object> config = new HashMap<>();
        client.forEach((k, v) -> config.put((String) k, v));
        config.put("max.block.ms", 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
