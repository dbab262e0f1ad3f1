package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a client logs in as, from its sasl.jaas.config: the user the start-up ACL check runs for. */
class AccessErrorsTest {

    private static final String MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule required ";

    @Test
    void theUserNameInEachOfJaasQuotingForms() {
        assertThat(AccessErrors.principal(jaas(MODULE + "username=\"app\" password=\"x\";"))).hasValue("User:app");
        assertThat(AccessErrors.principal(jaas(MODULE + "username='app' password='x';"))).hasValue("User:app");
        assertThat(AccessErrors.principal(jaas(MODULE + "username=app password=x;"))).hasValue("User:app");
        assertThat(AccessErrors.principal(jaas(MODULE + "password=\"x\" username = \"fleet-app\";")))
                .hasValue("User:fleet-app");
    }

    @Test
    void noSaslUserNoPrincipal() {
        assertThat(AccessErrors.principal(Map.of())).isEmpty();
        assertThat(AccessErrors.principal(jaas(MODULE + "password=\"username=x\";"))).isEmpty();
    }

    /**
     * A JAAS line from a config provider, as a secret kept out of the config file: read as the client reads it. Before,
     * the reference {@code ${file:...}} was searched for a user name, none was found, and the ACL check was skipped.
     */
    @Test
    void theUserNameOfAJaasLineFromAConfigProvider(@TempDir Path dir) throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.properties"),
                "app.jaas=" + MODULE + "username=\"fleet-app\" password=\"x\";\n");
        Map<String, String> config = Map.of("config.providers", "file",
                "config.providers.file.class", FileConfigProvider.class.getName(),
                "sasl.jaas.config", "${file:" + secrets + ":app.jaas}");
        assertThat(AccessErrors.principal(config)).hasValue("User:fleet-app");

        // a provider that cannot answer leaves the line as given: no user, as before (the client fails on it itself)
        Map<String, String> missing = Map.of("config.providers", "file",
                "config.providers.file.class", FileConfigProvider.class.getName(),
                "sasl.jaas.config", "${file:" + dir.resolve("absent.properties") + ":app.jaas}");
        assertThat(AccessErrors.principal(missing)).isEmpty();
    }

    private static Map<String, String> jaas(String line) {
        return Map.of("sasl.jaas.config", line);
    }
}
