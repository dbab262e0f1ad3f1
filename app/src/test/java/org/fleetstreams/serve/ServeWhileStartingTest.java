package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP side answers from the moment its port is open, before there is a Kafka Streams client (the app connects to
 * Kafka and checks its topics first, waiting for its inputs to exist): status 200 saying STARTING, the page, 503 with
 * Retry-After for the rest. Before, the port took connections and answered nothing until Kafka Streams was created.
 */
class ServeWhileStartingTest {

    @TempDir
    Path state;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void beforeKafkaStreamsExistsTheStatusSaysStartingAndTheRestIs503() throws Exception {
        // configure: a server bound and serving, no Kafka Streams client yet
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {

            // verify: every answer comes at once
            HttpResponse<String> status = get(server, "api/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"state\":\"STARTING\"");
            HttpResponse<String> fleet = get(server, "api/fleet");
            assertThat(fleet.statusCode()).isEqualTo(503);
            assertThat(fleet.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(get(server, "metrics").statusCode()).isEqualTo(503);
            assertThat(get(server, "dashboard/").statusCode()).isEqualTo(200);

            // then the client exists: its own state from then on
            try (KafkaStreams streams = UnstartedStreams.create("serve-while-starting-test", state)) {
                server.start(streams, 0, BrakingConfig.defaults());
                HttpResponse<String> created = get(server, "api/status");
                assertThat(created.body()).contains("\"state\":\"CREATED\"");
                // the same fields while starting as after, so the dashboard reads both alike
                assertThat(fieldNames(status.body())).isEqualTo(fieldNames(created.body()));
                assertThat(get(server, "metrics").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void everyAnswerTellsTheBrowserNotToGuessItsType() throws Exception {
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            for (String path : List.of("api/status", "api/fleet", "dashboard/", "no-such-page%3Cb%3E",
                    "api/fleet?tracks=%3Cscript%3E")) {
                HttpResponse<String> answer = get(server, path);
                assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path + " " + answer.statusCode())
                        .hasValue("nosniff");
            }
        }
    }

    private static List<String> fieldNames(String json) throws Exception {
        List<String> names = new ArrayList<>();
        Json.mapper().readTree(json).fieldNames().forEachRemaining(names::add);
        return names;
    }

    private HttpResponse<String> get(FleetServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
