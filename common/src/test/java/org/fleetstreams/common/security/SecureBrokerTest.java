package org.fleetstreams.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.nio.file.Files;
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
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.AccessErrors;
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

            // the app's JAAS line from a config provider (the password kept out of the client file), as Kafka Streams'
            // clients read it: the start-up admin client logs in with it, and the ACL check knows the user. Before, the
            // admin client got config.providers=file without the provider's class and failed on "${file:...}".
            Properties secret = new Properties();
            secret.setProperty("app.jaas", app.getProperty("sasl.jaas.config"));
            Path secrets = dir.resolve("secrets.properties");
            try (Writer out = Files.newBufferedWriter(secrets)) {
                secret.store(out, null);
            }
            Properties provided = load(files.app());
            provided.put("config.providers", "file");
            provided.put("config.providers.file.class", FileConfigProvider.class.getName());
            provided.put("sasl.jaas.config", "${file:" + secrets + ":app.jaas}");
            assertThat(AccessErrors.principal(provided)).hasValue("User:app");
            try (Admin admin = KafkaConnection.connect(provided, Duration.ofSeconds(30))) {
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

    /**
     * WRITE on the transactional ids is checked as WRITE: a grant of DESCRIBE alone passed the DescribeTransactions
     * probe, and the app failed at its first transaction, after creating its outputs.
     */
    @Test
    void describeAloneOnTheTransactionalIdsIsNotWrite() throws Exception {
        Topics topics = Topics.withPrefix("tx");
        String applicationId = "fleetstreams-tx";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(BrokerSecurity.create(dir)).start()) {
            // configure: the app's ACLs as --secure makes them: the check passes
            FleetUsers.ClientFiles files = FleetUsers.setUp(broker, dir, topics, applicationId);
            try (Admin app = KafkaConnection.connect(load(files.app()), Duration.ofSeconds(30))) {
                new AccessCheck(app, Duration.ofSeconds(30), broker.bootstrapServers())
                        .require(FleetAcls.app("User:app", topics, applicationId));
            }

            // then WRITE on the transactional ids replaced by DESCRIBE
            ResourcePattern ids = new ResourcePattern(ResourceType.TRANSACTIONAL_ID, applicationId + "-", PatternType.PREFIXED);
            try (Admin admin = KafkaConnection.connect(load(files.admin()), Duration.ofSeconds(30))) {
                admin.deleteAcls(List.of(appAcl(ids, AclOperation.WRITE).toFilter())).all().get(30, TimeUnit.SECONDS);
                admin.createAcls(List.of(appAcl(ids, AclOperation.DESCRIBE))).all().get(30, TimeUnit.SECONDS);
            }

            // verify: the check names it
            try (Admin app = KafkaConnection.connect(load(files.app()), Duration.ofSeconds(30))) {
                assertThatThrownBy(() -> new AccessCheck(app, Duration.ofSeconds(30), broker.bootstrapServers())
                        .require(FleetAcls.app("User:app", topics, applicationId)))
                        .isInstanceOf(KafkaSetupException.class)
                        .hasMessageStartingWith("not authorized to WRITE transactional ids prefixed " + applicationId + "-");
            }
        }
    }

    /**
     * Neither READ nor WRITE on the internal topics' prefix: the client sees none of them, and the check on "every
     * topic under the prefix" held for the empty list.
     */
    @Test
    void internalTopicsTheClientCannotSeeAreNotAllowed() throws Exception {
        Topics topics = Topics.withPrefix("in");
        String applicationId = "fleetstreams-in";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().security(BrokerSecurity.create(dir)).start()) {
            FleetUsers.ClientFiles files = FleetUsers.setUp(broker, dir, topics, applicationId);
            ResourcePattern internal = new ResourcePattern(ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED);
            try (Admin admin = KafkaConnection.connect(load(files.admin()), Duration.ofSeconds(30))) {
                // an internal topic, as Kafka Streams makes them, then READ and WRITE on the prefix taken away
                admin.createTopics(List.of(new NewTopic(applicationId + "-harsh-braking-state-changelog", 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
                for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE)) {
                    admin.deleteAcls(List.of(appAcl(internal, op).toFilter())).all().get(30, TimeUnit.SECONDS);
                }
            }

            try (Admin app = KafkaConnection.connect(load(files.app()), Duration.ofSeconds(30))) {
                assertThatThrownBy(() -> new AccessCheck(app, Duration.ofSeconds(30), broker.bootstrapServers())
                        .require(FleetAcls.app("User:app", topics, applicationId)))
                        .isInstanceOf(KafkaSetupException.class)
                        .hasMessageStartingWith("not authorized to READ topics prefixed " + applicationId + "-");
            }
        }
    }

    /** {@code User:app} allowed {@code op} on {@code pattern} from any host. */
    private static AclBinding appAcl(ResourcePattern pattern, AclOperation op) {
        return new AclBinding(pattern, new AccessControlEntry("User:app", "*", op, AclPermissionType.ALLOW));
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
