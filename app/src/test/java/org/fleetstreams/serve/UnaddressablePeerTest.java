package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.serve.ServeCluster.ok;
import static org.fleetstreams.serve.TwoInstances.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.pipeline.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance that advertises a host Kafka takes and the JDK's HTTP client cannot address ({@code fleet_app_1}, as
 * docker-compose v1 names containers: java.net.URI reads it as no host, and the client throws "unsupported URI") is an
 * instance that does not answer: named by the status, a 503 with Retry-After for the rest. Before, building the
 * request threw outside the per-peer handling: the status, the fleet, the alerts and a forwarded ride were all 500.
 */
class UnaddressablePeerTest {

    private static final HostInfo COMPOSE_V1 = new HostInfo("fleet_app_1", 8080);

    @Test
    void aPeerWhoseAddressMakesNoUrlFailsOnItsOwnAsOneThatDoesNotAnswer() throws Exception {
        Peers peers = new Peers();
        try (FleetServer good = FleetServer.bind("localhost", 0).serveWhileStarting()) {
            HostInfo reachable = HostInfo.buildFromEndpoint(good.applicationServer()
                    .get(StreamsConfig.APPLICATION_SERVER_CONFIG));

            // each on its own (the status): the bad one is a null, the good one still answers
            List<HttpResponse<byte[]>> each = peers.getEach(List.of(COMPOSE_V1, reachable), ApiRoute.STATUS.path());
            assertThat(each.get(0)).isNull();
            assertThat(each.get(1).statusCode()).isEqualTo(200);

            // all or nothing (the fleet, the alerts, a forwarded ride): Unavailable, a 503, naming the peer and why
            assertThatThrownBy(() -> peers.getAll(List.of(reachable, COMPOSE_V1), ApiRoute.STATUS.path()))
                    .isInstanceOf(Unavailable.class).hasMessageContaining("fleet_app_1:8080")
                    .hasMessageContaining("'_'");
            assertThatThrownBy(() -> peers.get(COMPOSE_V1, ApiRoute.RIDES + "r")).isInstanceOf(Unavailable.class);
        }
    }

    @Test
    void theStatusNamesItAndTheFleetAlertsAndItsRidesAre503(@TempDir Path state) throws Exception {
        // configure: A with its HTTP server; B advertising fleet_app_1 (Kafka Streams takes it), owning partitions
        try (LocalPipeline pipeline = ServeCluster.pipeline("unaddressable", "unaddressable-app", state.resolve("a"));
             ServeCluster.Instance a = ServeCluster.start(pipeline, pipeline.appConfig(), Map.of());
             StreamsRunner b = pipeline.newApp(pipeline.appConfig().withStateDir(state.resolve("b"))
                     .withOverrides(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, Peers.address(COMPOSE_V1))))) {
            b.start();
            TwoInstances.awaitRunningWithTasks(b, a);

            // verify: the status answers, summing A alone and naming B
            JsonNode status = JSON.readTree(ok(a.url("/api/status")).body());
            assertThat(status.path("instances_answering").asInt()).as(status.toString()).isEqualTo(1);
            assertThat(status.path("instances_not_answering").toString()).isEqualTo("[\"fleet_app_1:8080\"]");

            // verify: what needs B is a moment to wait, as for a peer that is down
            Map<Integer, String> owners = TwoInstances.partitionOwners(JSON.readTree(ok(a.url("/api/instances")).body()),
                    pipeline.topics().locations());
            int ofB = owners.entrySet().stream().filter(e -> e.getValue().equals("fleet_app_1:8080"))
                    .mapToInt(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(owners.toString()));
            String ride = IntStream.range(0, 1000).mapToObj(n -> "ride-" + n)
                    .filter(r -> TwoInstances.javaClientPartition(r, pipeline.partitions()) == ofB).findFirst().orElseThrow();
            for (String path : List.of("/api/fleet", "/api/alerts?since=0", "/api/rides/" + ride)) {
                HttpResponse<String> r = ServeCluster.get(a.url(path));
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("2");
                assertThat(r.body()).as(path).contains("fleet_app_1:8080");
            }
        }
    }
}
