package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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

    private static Map<String, String> jaas(String line) {
        return Map.of("sasl.jaas.config", line);
    }
}
