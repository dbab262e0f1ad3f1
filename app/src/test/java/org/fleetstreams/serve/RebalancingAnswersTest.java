package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST API of an instance that is REBALANCING. The app's own topology, started against an address where no broker
 * listens: Kafka Streams enters REBALANCING at {@code start()} and stays there, since no group can form, which is
 * what a real rebalance looks like to the HTTP side for as long as it lasts (no tasks, no stores to answer from).
 * Every answer built from the stores is a 503 with {@code Retry-After}, never an empty fleet that a dashboard would
 * draw as "no cars"; the status answers 200 and says REBALANCING, and so does {@code /health}. {@code TwoInstanceApiTest} meets rebalances too, but
 * by timing, so it cannot require them.
 */
class RebalancingAnswersTest {

    @TempDir
    Path state;

    @Test
    @Timeout(120)
    void storeAnswersAre503WithRetryAfterAndTheStatusSaysRebalancing() throws Exception {
        // configure: the app's topology and settings, a bootstrap address nothing listens on
        AppConfig config = AppConfig.defaults("localhost:9", Topics.withPrefix("rebalancing"))
                .withApplicationId("rebalancing-answers-test").withStateDir(state);
        KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties());
        boolean closed;
        try (FleetServer server = FleetServer.bind("localhost", 0).start(streams, 4, config.braking())) {
            streams.start();
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.REBALANCING);

            // verify: every answer from the stores is a moment to wait, with the state named
            for (String path : new String[] {"api/fleet", "api/fleet?track=true", "api/alerts", "api/rides/ride-1",
                    "api/local/fleet", "api/local/alerts"}) {
                HttpResponse<String> r = ServeCluster.get(server.url() + path);
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("2");
                assertThat(r.body()).as(path).contains("\"error\"").containsIgnoringCase("rebalancing");
            }
            assertThat(ServeCluster.get(server.url() + "api/fleet").body()).contains("REBALANCING");

            HttpResponse<String> status = ServeCluster.get(server.url() + "api/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("REBALANCING");
            // a rebalance is part of running: the probe does not take the instance out while it lasts
            HttpResponse<String> health = ServeCluster.get(server.url() + "health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"state\":\"REBALANCING\"}");
            assertThat(streams.state()).as("still rebalancing when the answers were read")
                    .isEqualTo(KafkaStreams.State.REBALANCING);
        } finally {
            closed = streams.close(Duration.ofSeconds(30));
        }
        assertThat(closed).as("closed, no thread left for later tests").isTrue();
    }
}
