package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.braking.BrakingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API on a loopback address answers only to the names of this machine's loopback: a web page whose own name
 * resolves to 127.0.0.1 (DNS rebinding) would otherwise read every car's GPS track from the user's browser.
 */
class HostCheckTest {

    @TempDir
    Path state;

    @Test
    void aForeignHostIsRefusedOnLoopbackAndLocalhostIsServed() throws Exception {
        // configure: a server over a Kafka Streams client that is never started (no broker needed)
        try (KafkaStreams streams = UnstartedStreams.create("host-check-test", state);
             FleetServer server = FleetServer.bind("localhost", 0).start(streams, 0, BrakingConfig.defaults())) {
            int port = Integer.parseInt(server.url().replaceAll(".*:(\\d+)/$", "$1"));

            // verify
            assertThat(get(port, "evil.example:" + port, "/metrics")).startsWith("HTTP/1.1 403");
            assertThat(get(port, "127.0.0.1.nip.io", "/api/fleet")).startsWith("HTTP/1.1 403");
            assertThat(get(port, "localhost:" + port, "/metrics")).startsWith("HTTP/1.1 200");
            assertThat(get(port, "127.0.0.1:" + port, "/metrics")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void theRuleOnItsOwn() {
        assertThat(Requests.hostAllowed("localhost:8080", true, "localhost")).isTrue();
        assertThat(Requests.hostAllowed("[::1]:8080", true, "localhost")).isTrue();
        assertThat(Requests.hostAllowed("LOCALHOST.:8080", true, "localhost")).as("case, DNS's trailing dot").isTrue();
        assertThat(Requests.hostAllowed("app-1.internal:8080", true, "app-1.internal")).isTrue();
        assertThat(Requests.hostAllowed("127.evil.example", true, "localhost")).isFalse();
        assertThat(Requests.hostAllowed("attacker.example", true, "localhost")).isFalse();
        assertThat(Requests.hostAllowed(null, true, "localhost")).as("HTTP/1.0, no Host").isTrue();
        assertThat(Requests.hostAllowed("anything.example", false, "0.0.0.0")).as("not on loopback").isTrue();
    }

    /** A raw request: the JDK's HTTP client does not let a caller set Host. Returns the status line onwards. */
    private static String get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
