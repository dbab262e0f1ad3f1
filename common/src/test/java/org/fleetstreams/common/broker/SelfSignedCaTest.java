package org.fleetstreams.common.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured broker's TLS files: a client's properties open the truststore (the CA certificate) and nothing more;
 * the broker's private key is under a password no client file holds, in a file only its owner may read.
 */
class SelfSignedCaTest {

    @TempDir
    Path dir;

    @Test
    void aClientFileCannotOpenTheBrokersKey() throws Exception {
        BrokerSecurity security = BrokerSecurity.create(dir);
        Properties client = security.clientProperties("app", "secret");
        String clientPassword = client.getProperty("ssl.truststore.password");

        // the truststore opens with what a client holds, and has the CA only
        KeyStore trust = load(security.stores().truststore(), clientPassword);
        assertThat(Collections.list(trust.aliases())).containsExactly("fleetstreams-ca");

        // the keystore does not, and no client setting holds its password
        assertThatThrownBy(() -> load(security.stores().keystore(), clientPassword)).isInstanceOf(IOException.class);
        assertThat(client.values()).doesNotContain(security.stores().keystorePassword());
        assertThat(load(security.stores().keystore(), security.stores().keystorePassword()).isKeyEntry("broker")).isTrue();
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(security.stores().keystore())))
                    .isEqualTo("rw-------");
        }
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
