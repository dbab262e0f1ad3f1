package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.braking.BrakingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health}, the probe for an orchestrator: 503 with Retry-After and the state until Kafka Streams runs and once
 * it has stopped, here on the states a client that is never started goes through (no broker needed).
 * {@code RebalancingAnswersTest} has it 200 while REBALANCING, {@code OneInstanceApiTest} while RUNNING.
 */
class HealthTest {

    @TempDir
    Path state;

    @Test
    void beforeKafkaStreamsRunsAndAfterItStoppedTheProbeIs503NamingTheState() throws Exception {
        // configure: a server bound and serving, no Kafka Streams client yet
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            assertUnavailable(server, "STARTING");

            // then a client that is created and never started, then closed
            KafkaStreams streams = UnstartedStreams.create("health-test", state);
            try (streams) {
                server.start(streams, 0, BrakingConfig.defaults());
                assertUnavailable(server, "CREATED");
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
            assertUnavailable(server, "NOT_RUNNING");
        }
    }

    @Test
    void theProbeFitsEveryOtherAnswer() throws Exception {
        try (FleetServer server = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            // HEAD (as a probe may send it) is GET's headers; a query parameter is refused as on every API path
            HttpResponse<String> head = ServeCluster.request("HEAD", server.url() + "health");
            assertThat(head.statusCode()).isEqualTo(503);
            assertThat(head.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(head.body()).isEmpty();
            assertThat(ServeCluster.get(server.url() + "health?verbose=1").statusCode()).isEqualTo(400);
        }
    }

    private static void assertUnavailable(FleetServer server, String state) {
        HttpResponse<String> health = ServeCluster.get(server.url() + "health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
        assertThat(health.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(health.headers().firstValue("Content-Type")).hasValue(Reply.JSON);
        assertThat(health.body()).isEqualTo("{\"state\":\"" + state + "\",\"error\":\"Kafka Streams is " + state + "\"}");
    }
}
