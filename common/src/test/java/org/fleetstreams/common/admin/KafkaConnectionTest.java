package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.fleetstreams.common.security.AccessCheck;
import org.junit.jupiter.api.Test;

/**
 * The start-up admin client's settings, as Kafka Streams gives its own admin client. Before, only the names
 * {@code AdminClientConfig} lists were kept: a config provider's class and parameters were dropped (the admin client
 * got {@code config.providers=file} alone and read {@code ${file:...}} literally), and so was every {@code admin.} key.
 */
class KafkaConnectionTest {

    private static final String JAAS = "${file:/etc/fleet/secrets.properties:app.jaas}";

    @Test
    void aConfigProvidersSettingsReachTheAdminClient() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "broker:9093");
        client.put("config.providers", "file");
        client.put("config.providers.file.class", FileConfigProvider.class.getName());
        client.put("config.providers.file.param.allowed.paths", "/etc/fleet");
        client.put("sasl.jaas.config", JAAS);

        assertThat(KafkaConnection.adminConfig(client)).containsOnly(Map.entry("bootstrap.servers", "broker:9093"),
                Map.entry("config.providers", "file"),
                Map.entry("config.providers.file.class", FileConfigProvider.class.getName()),
                Map.entry("config.providers.file.param.allowed.paths", "/etc/fleet"),
                Map.entry("sasl.jaas.config", JAAS)); // resolved by the admin client, as by Kafka Streams' clients
    }

    @Test
    void anAdminPrefixedSettingWinsOverThePlainOneAndOtherClientsKeysStayOut() {
        Properties client = new Properties();
        client.put("bootstrap.servers", "broker:9093");
        client.put("sasl.jaas.config", "ScramLoginModule required username=\"app\" password=\"x\";");
        client.put("admin.sasl.jaas.config", "ScramLoginModule required username=\"ops\" password=\"y\";");
        client.put("client.id", "fleet");
        client.put("admin.client.id", "fleet-admin");
        client.put("admin.config.providers", "env");
        client.put("linger.ms", "20"); // the producer's
        client.put("application.id", "fleetstreams-bdd"); // Kafka Streams'
        client.put("producer.compression.type", "lz4"); // another client's prefix

        Map<String, Object> admin = KafkaConnection.adminConfig(client);

        assertThat(admin).containsEntry("sasl.jaas.config", "ScramLoginModule required username=\"ops\" password=\"y\";")
                .containsEntry("client.id", "fleet-admin").containsEntry("config.providers", "env")
                .containsEntry("bootstrap.servers", "broker:9093")
                .doesNotContainKeys("linger.ms", "application.id", "producer.compression.type", "compression.type",
                        "admin.sasl.jaas.config", "admin.client.id", "admin.config.providers");
        assertThat(AccessErrors.principal(admin)).as("the admin client's login").hasValue("User:ops");
    }

    /**
     * The start-up ACL check runs as the admin client: with its own {@code admin.} login (which it now gets) it would
     * test another user's grants under the app's name, so the check is left to Kafka then.
     */
    @Test
    void theAclCheckRunsOnlyWhenTheAdminClientLogsInAsTheClient() {
        Properties client = new Properties();
        client.put("sasl.jaas.config", "ScramLoginModule required username=\"app\" password=\"x\";");
        assertThat(AccessCheck.principal(client)).hasValue("User:app");

        client.put("admin.sasl.jaas.config", "ScramLoginModule required username=\"app\" password=\"x\";");
        assertThat(AccessCheck.principal(client)).as("the same login, prefixed").hasValue("User:app");

        client.put("admin.sasl.jaas.config", "ScramLoginModule required username=\"ops\" password=\"y\";");
        assertThat(AccessCheck.principal(client)).isEmpty();
        assertThat(AccessCheck.principal(new Properties())).as("no SASL login").isEmpty();
    }
}
