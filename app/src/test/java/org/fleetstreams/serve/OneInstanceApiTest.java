package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.ingest.InputAccounting;
import org.fleetstreams.join.JoinProcessor;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.summary.SummaryProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One app instance and its HTTP server on a real broker, fed records a test writes: what {@code /metrics} and
 * {@code /api/rides/{id}} say of them, where the data/sample replay of {@link TwoInstanceApiTest} has no such records
 * and runs with the default settings.
 */
class OneInstanceApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * For what a monitor alerts on, a record that is not JSON and one that comes after its windows have closed must each
     * move a counter a scrape can see, by reason, not only the total. The sensors for a reason are made when the first
     * such record comes, after the first scrape bound the metrics.
     */
    @Test
    void aRecordThatIsNotJsonAndALateOneMoveTheirCountersOnMetrics(@TempDir Path state) throws Exception {
        // configure: the app's own broker and 4-partition inputs, one instance with its HTTP server
        try (LocalPipeline pipeline = ServeCluster.pipeline("metrics", "metrics-app", state);
             ServeCluster.Instance app = ServeCluster.start(pipeline, pipeline.appConfig(), Map.of())) {
            await("the app RUNNING").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING));
            // the probe an orchestrator reads (HealthTest has the states before and after)
            HttpResponse<String> health = ServeCluster.get(app.url("/health"));
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"state\":\"RUNNING\"}");
            String before = ServeCluster.get(app.url("/metrics")).body();
            assertThat(reasonCount(before, "locations/not-json")).isZero();

            // pipe input: one ride, 40 s of a fix a second and a sample every 100 ms; once the app has read all of
            // it (both inputs' clocks at 40 s), a value that is not JSON and a fix 35 s behind the others
            long t0 = ServeCluster.EPOCH.toEpochMilli();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", pipeline.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                sendRide(producer, pipeline, t0, 40_000);
                producer.flush();
                await("the app's reads of the ride").atMost(Duration.ofSeconds(60)).until(() ->
                        InputAccounting.of(app.streams().metrics()).inputs().stream().mapToLong(i -> i.read()).sum()
                                >= 401 + 41);
                producer.send(new ProducerRecord<>(pipeline.topics().locations(), null, t0 + 40_000, "r",
                        "{not json".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(pipeline.topics().locations(), null, t0 + 5_000, "r",
                        FleetSerdes.locationFix().toBytes(TopologyFixture.fix("r", t0 + 5_000, 40.7, -73.9, 10))));
                producer.flush();
            }

            // verify: both counters move on /metrics, by reason; the text stays valid Prometheus
            AtomicReference<String> scraped = new AtomicReference<>(before);
            await("both counters on /metrics").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        scraped.set(ServeCluster.get(app.url("/metrics")).body());
                        assertThat(reasonCount(scraped.get(), "locations/not-json")).as(metricLines(scraped.get()))
                                .isPositive();
                        assertThat(PrometheusText.sum(scraped.get(), "kafka_stream_fleetstreams_late_total"))
                                .as(metricLines(scraped.get())).isGreaterThanOrEqualTo(4);
                    });
            String after = scraped.get();
            PrometheusText.assertValid(after);
            assertThat(reasonCount(after, "locations/not-json")).as(metricLines(after)).isEqualTo(1);
            // the one invalid record (late records are counted apart, by the result they missed)
            assertThat(PrometheusText.sum(after, "kafka_stream_fleetstreams_dead_letter_total")).as(metricLines(after))
                    .isEqualTo(1);
            // the late fix missed the join (35 s behind its clock, which takes 1 s of disorder), each of its two
            // windows (both end by 35 s, and close 4.1 s later), and the detector (35 s behind the ride's last fix)
            assertThat(lateCount(after, JoinProcessor.RESULT)).as(metricLines(after)).isEqualTo(1);
            assertThat(lateCount(after, SummaryProcessor.RESULT)).as(metricLines(after)).isEqualTo(2);
            assertThat(lateCount(after, HarshBraking.RESULT)).as(metricLines(after)).isEqualTo(1);
        }
    }

    /** The dashboard draws the threshold the detector runs with, which {@code --config} may set: the answer says it. */
    @Test
    void aRideAnswerCarriesTheDetectorsConfiguredThresholds(@TempDir Path state) throws Exception {
        // configure: the detector with thresholds other than its defaults (0.30 / 0.25 g)
        BrakingConfig braking = BrakingConfig.defaults().withThresholds(0.42, 0.33);
        try (LocalPipeline pipeline = ServeCluster.pipeline("thresholds", "thresholds-app", state);
             ServeCluster.Instance app = ServeCluster.start(pipeline, pipeline.appConfig().withBraking(braking), Map.of())) {
            // pipe input: a few seconds of one ride
            long t0 = ServeCluster.EPOCH.toEpochMilli();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", pipeline.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                sendRide(producer, pipeline, t0, 5_000);
            }

            // verify: the ride's answer, once the ride is there, carries them
            HttpResponse<String> answer = ServeCluster.getWhile(app.url("/api/rides/r"), r -> r.statusCode() != 200,
                    Duration.ofSeconds(60), 300);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode detector = new ObjectMapper().readTree(answer.body()).path("detector");
            assertThat(detector.path("enter_g").asDouble()).isEqualTo(0.42);
            assertThat(detector.path("leave_g").asDouble()).isEqualTo(0.33);
        }
    }

    /**
     * Under at-least-once no commit comes for 30 s, and interactive queries read Kafka Streams' record cache for a
     * KeyQuery only: with the overview's stores cached, a ride's answer ({@code /api/rides/r}) had its fixes while the
     * fleet's RangeQuery and the ride's windows (WindowKeyQuery) showed nothing until the next commit. Here no commit
     * comes during the test at all (an interval of 10 minutes, no alerts to ask for one).
     */
    @Test
    void underAtLeastOnceTheFleetAndTheWindowsAgreeWithTheRideBeforeAnyCommit(@TempDir Path state) throws Exception {
        // configure: at-least-once, commits 10 minutes apart
        try (LocalPipeline pipeline = ServeCluster.pipeline("alos", "alos-app", state);
             ServeCluster.Instance app = ServeCluster.start(pipeline,
                     pipeline.appConfig().withProcessingGuarantee(StreamsConfig.AT_LEAST_ONCE),
                     Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "600000"))) {
            await("the app RUNNING").atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING));

            // pipe input: 40 s of ride "r", 41 fixes; its first windows close before the data ends
            long t0 = ServeCluster.EPOCH.toEpochMilli();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", pipeline.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                sendRide(producer, pipeline, t0, 40_000);
            }
            HttpResponse<String> ride = ServeCluster.getWhile(app.url("/api/rides/r"), r -> r.statusCode() != 200
                    || !r.body().contains("\"fixes\":41"), Duration.ofSeconds(60), 200);
            assertThat(ride.statusCode()).as(ride.body()).isEqualTo(200);

            // verify: the fleet's row (RangeQuery) is the ride's overview (KeyQuery), and the windows are there
            JsonNode overview = JSON.readTree(ride.body()).path("overview");
            JsonNode fleet = JSON.readTree(ServeCluster.ok(app.url("/api/fleet")).body()).path("rides");
            assertThat(fleet.size()).as(fleet.toString()).isEqualTo(1);
            for (String field : List.of("ride_id", "fixes", "last_time", "distance_m", "latitude", "longitude")) {
                assertThat(fleet.get(0).path(field)).as(field).isEqualTo(overview.path(field));
            }
            // the first windows close by 40 s of data (30 s long, closed 4.1 s after their end): a WindowKeyQuery has them
            HttpResponse<String> withWindows = ServeCluster.getWhile(app.url("/api/rides/r"),
                    r -> r.statusCode() == 200 && windows(r) == 0, Duration.ofSeconds(20), 200);
            assertThat(windows(withWindows)).as(withWindows.body()).isPositive();
        }
    }

    /** How many windows a ride's answer holds. */
    private static int windows(HttpResponse<String> rideAnswer) {
        try {
            return JSON.readTree(rideAnswer.body()).path("windows").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ride "r" at 10 m/s, a fix a second and a sample every 100 ms of a phone lying still, for {@code ms} from t0. */
    private static void sendRide(KafkaProducer<String, byte[]> producer, LocalPipeline pipeline, long t0, long ms) {
        for (long at = 0; at <= ms; at += 100) {
            if (at % 1_000 == 0) {
                producer.send(new ProducerRecord<>(pipeline.topics().locations(), null, t0 + at, "r",
                        FleetSerdes.locationFix().toBytes(TopologyFixture.fix("r", t0 + at, 40.7, -73.9, 10))));
            }
            producer.send(new ProducerRecord<>(pipeline.topics().accelerations(), null, t0 + at, "r",
                    FleetSerdes.accelerationSample().toBytes(TopologyFixture.sample("r", t0 + at, 0, 0, 1))));
        }
    }

    /** The dead-letter-reason counter of one input and category, summed over its tasks. */
    private static double reasonCount(String text, String kindAndCategory) {
        return text.lines().filter(l -> l.startsWith("kafka_stream_fleetstreams_dead_letter_reason_total{")
                        && l.contains("\"" + kindAndCategory + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The late counter of one result, summed over its tasks. */
    private static double lateCount(String text, String result) {
        return text.lines().filter(l -> l.startsWith("kafka_stream_fleetstreams_late_total{")
                        && l.contains("fleetstreams_id=\"" + result + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String metricLines(String text) {
        return String.join("\n", text.lines().filter(l -> l.startsWith("kafka_stream_fleetstreams_")).toList());
    }
}
