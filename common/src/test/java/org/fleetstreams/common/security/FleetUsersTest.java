package org.fleetstreams.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An earlier secure run's client files go before a new broker starts; its CA truststore is the new run's business. */
class FleetUsersTest {

    @Test
    void anEarlierRunsClientFilesAreRemovedAndNothingElse(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"replayer.properties", "app.properties", "admin.properties", "truststore.p12"}) {
            Files.writeString(dir.resolve(name), "sasl.jaas.config=... password=\"old\";\n");
        }

        FleetUsers.removeClientFiles(dir);
        FleetUsers.removeClientFiles(dir.resolve("never-made")); // a first run: nothing to remove

        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("truststore.p12");
        }
    }
}
