package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.braking.BrakingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics of an app that has not reached RUNNING (here: never started; in life a long restore, or a refused ACL)
 * shows the client's state, which is what an alert on a stuck instance reads. Before, the Kafka metrics were bound at
 * the first RUNNING only, and such an instance had no {@code kafka_stream_client_state} series at all.
 */
class MetricsBeforeRunningTest {

    @TempDir
    Path state;

    @Test
    void aClientNotYetRunningShowsItsStateInMetrics() throws Exception {
        // configure: a server over a Kafka Streams client that is never started (no broker needed)
        try (KafkaStreams streams = UnstartedStreams.create("metrics-before-running-test", state);
             FleetServer server = FleetServer.bind("localhost", 0).start(streams, 0, BrakingConfig.defaults())) {

            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                    + "metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

            // verify: the state series is there, reading CREATED (0), beside the JVM's own meters
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
            // the value itself (the sum above would read NaN as 0 too)
            assertThat(metrics.body()).containsPattern("(?m)^kafka_stream_client_state\\{[^}]*\\} 0(\\.0)?$");
            assertThat(metrics.body()).doesNotContainPattern("(?m)^kafka_stream_client_state\\{[^}]*\\} (?!0(\\.0)?$)");
        }
    }

    /**
     * A scrape (or a timer tick) that waited for the lock while the metrics closed binds nothing again: before, it bound
     * a new binder and started its refresh thread, which nothing stopped (the demo closes its server before Kafka
     * Streams).
     */
    @Test
    void aScrapeAfterTheCloseStartsNothing() throws Exception {
        try (KafkaStreams streams = UnstartedStreams.create("metrics-after-close-test", state)) {
            PrometheusMetrics metrics = new PrometheusMetrics(streams, new LocalStores(streams, new RestoringStores()));
            metrics.scrape();
            metrics.close();
            Set<Thread> before = refreshThreads();

            metrics.scrape();

            // a thread that was there before may have ended since; none may have started
            assertThat(refreshThreads()).isSubsetOf(before);
        }
    }

    private static Set<Thread> refreshThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("metrics-binder-refresh")).collect(Collectors.toSet());
    }
}
