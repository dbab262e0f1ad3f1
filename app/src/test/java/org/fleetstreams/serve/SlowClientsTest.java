package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.braking.BrakingConfig;
import org.junit.jupiter.api.Test;

/**
 * Clients that open a connection and send half a request (a slow or broken client, or a slowloris attack) must not
 * lock everyone else out of the dashboard and the API. No broker needed: the server answers its static files whatever
 * state Kafka Streams is in, and this Kafka Streams is never started.
 */
class SlowClientsTest {

    /** More than the JDK server's default-sized pools, and more than this server's 64 threads before the fix. */
    private static final int SLOW_CLIENTS = 100;

    @Test
    void halfSentRequestsNeitherLockOthersOutNorStayOpen() throws Exception {
        // configure: a server over a Kafka Streams client that is never started
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "slow-clients-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        List<Socket> slow = new ArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             FleetServer server = FleetServer.bind("localhost", 0).start(streams, 0, BrakingConfig.defaults())) {
            URI page = URI.create(server.url() + "dashboard/");
            int port = page.getPort();

            // slow clients: the request line and a header, never the blank line that ends the headers
            long serverThreadsBefore = serverThreads();
            long firstSlow = System.nanoTime();
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("localhost", port);
                OutputStream out = socket.getOutputStream();
                out.write("GET /dashboard/ HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // every half request has reached the server and holds one of its threads (the JDK server reads a request's
            // headers on its executor): only then can a whole request show that nobody is locked out
            await("every half request holding a server thread").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertThat(serverThreads() - serverThreadsBefore)
                            .as("server threads held by half requests").isGreaterThanOrEqualTo(SLOW_CLIENTS));

            // verify: a whole request is still answered, at once
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            // before the server could have dropped any half request (which would free a locked-out pool)
            long timeoutSeconds = Long.getLong(FleetServer.HEADER_TIMEOUT_PROPERTY);
            assertThat(Duration.ofNanos(System.nanoTime() - firstSlow)).as("answered while every half request still held on")
                    .isLessThan(Duration.ofSeconds(timeoutSeconds));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("<html");

            // verify: the server closes every half request once its headers are overdue
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds + 30).toNanos();
            int closed = 0;
            for (Socket socket : slow) {
                while (!closedByServer(socket) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                closed += closedByServer(socket) ? 1 : 0;
            }
            assertThat(closed).as("half requests closed by the server within %d s", timeoutSeconds + 30)
                    .isEqualTo(SLOW_CLIENTS);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** The server's request threads alive in this JVM (FleetServer names them {@code http}). */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("http") && t.isAlive()).count();
    }

    /** True once the server has closed (or reset, or answered) the connection; it no longer waits on this client. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            socket.getInputStream().read(); // -1 (closed) or a byte of an answer
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) { // reset
            return true;
        }
    }
}
