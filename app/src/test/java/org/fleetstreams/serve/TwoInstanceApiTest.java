package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.serve.ServeCluster.ok;
import static org.fleetstreams.serve.TwoInstances.JSON;
import static org.fleetstreams.serve.TwoInstances.STANDBY;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.DriverRun;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.pipeline.LocalPipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two app instances (same application id, each with its HTTP server) on the embedded broker, 4 partitions per topic,
 * data/sample replayed through them. Every ride is answered by both instances with the same content, one of them
 * forwarding to the owner, and equal to what the output topics hold; /metrics moves as records flow; when an instance
 * leaves, answers are 503 with Retry-After until the survivor owns (and has restored) every partition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstanceApiTest {

    /** What the topology gives for data/sample in the TopologyTestDriver, in event-time order. */
    private static final int SAMPLE_ALERTS = DriverRun.alerts(Path.of("..", "data", "sample")).size();

    private Path state;

    private LocalPipeline pipeline;
    private Topics topics;
    private ServeCluster.Instance a;
    private ServeCluster.Instance b;
    private String metricsBefore;
    private Map<String, List<JsonNode>> alertsByRide;
    private Map<String, Map<Long, JsonNode>> windowsByRide;
    private final Map<String, JsonNode> expected = new LinkedHashMap<>();
    /** The event time of the closing records (every window of the data is closed by then). */
    private long closedAt;
    /** Rides in the fleet: data/sample's, and {@link #ELSEWHERE} once a test has added it. */
    private int rideCount = 20;
    /** A ride whose producer partitioned it otherwise than Kafka's Java client (librdkafka's clients: CRC32). */
    private static final String ELSEWHERE = "placed-by-another-partitioner";

    @BeforeAll
    void replaySampleThroughTwoInstances() throws Exception {
        state = Files.createTempDirectory("serve-test");
        pipeline = ServeCluster.pipeline("serve", "serve-app", state.resolve("a"));
        topics = pipeline.topics();
        AppConfig config = pipeline.appConfig();
        a = ServeCluster.start(pipeline, config, STANDBY);
        b = ServeCluster.start(pipeline, config.withStateDir(state.resolve("b")), STANDBY);
        TwoInstances.awaitBothRunningWithTasks(a, b);
        metricsBefore = ServeCluster.get(a.url("/metrics")).body();

        closedAt = TwoInstances.replayAndCloseEveryWindow(pipeline, "serve-app");
        alertsByRide = TwoInstances.alertsByRide(pipeline.bootstrapServers(), topics.harshBraking());
        windowsByRide = TwoInstances.windowsByRide(pipeline.bootstrapServers(), topics.carSummaries());
    }

    @AfterAll
    void close() {
        TwoInstances.closeAll(state, b, a, pipeline);
    }

    @Test
    @Order(1)
    void everyRideIsAnsweredByBothInstancesWithTheContentOfTheOutputTopics() throws Exception {
        JsonNode fleetA = JSON.readTree(ok(a.url("/api/fleet")).body());
        JsonNode fleetB = JSON.readTree(ok(b.url("/api/fleet")).body());
        assertThat(fleetA).isEqualTo(fleetB);
        List<String> rides = TwoInstances.texts(fleetA.path("rides"), "ride_id");
        assertThat(rides).hasSize(20).doesNotContain(ClosingRecords.RIDE_ID).containsExactlyElementsOf(windowsByRide.keySet());
        Set<String> owners = new HashSet<>(TwoInstances.texts(fleetA.path("rides"), "owner"));
        assertThat(owners).as("both instances own rides").hasSize(2);

        for (JsonNode row : fleetA.path("rides")) {
            String ride = row.path("ride_id").asText();
            TwoInstanceAnswers.assertAnsweredByBothOneForwarding(a, b, row, alertsByRide.getOrDefault(ride, List.of()),
                    windowsByRide.get(ride));
        }
    }

    @Test
    @Order(2)
    void theFleetsAlertsAndTheInstancesAreTheSameFromEitherInstance() throws Exception {
        JsonNode alerts = JSON.readTree(ok(a.url("/api/alerts?since=0")).body());
        assertThat(alerts).isEqualTo(JSON.readTree(ok(b.url("/api/alerts?since=0")).body()));
        assertThat(alerts.path("alerts").size()).isEqualTo(alertsByRide.values().stream().mapToInt(List::size).sum())
                .isEqualTo(SAMPLE_ALERTS);
        assertThat(alerts.path("truncated").isBoolean()).as(alerts.path("truncated").toString()).isTrue();
        assertThat(alerts.path("truncated").asBoolean()).as("%d alerts, fewer than 200", SAMPLE_ALERTS).isFalse();
        long since = alerts.path("alerts").get(5).path("end_time").asLong();
        assertThat(JSON.readTree(ok(b.url("/api/alerts?since=" + since)).body()).path("alerts").size()).isEqualTo(5);

        JsonNode instances = JSON.readTree(ok(b.url("/instances")).body());
        assertThat(instances.path("instances").size()).isEqualTo(2);
        Set<String> partitions = new TreeSet<>();
        instances.path("instances").forEach(i -> i.path("partitions").forEach(p -> partitions.add(p.asText())));
        assertThat(partitions).isEqualTo(TwoInstances.inputPartitions("serve", 4));
        assertThat(instances.path("instances").get(0).path("stores").toString()).contains("ride-overview", "harsh-braking-state");

        JsonNode status = JSON.readTree(ok(a.url("/api/status")).body());
        assertThat(status.path("instances_answering").asInt()).as(status.toString()).isEqualTo(2);
        assertThat(status.path("instances_not_answering").size()).as(status.toString()).isZero();
    }

    /** What a client gets wrong gets a JSON answer that says so, from either instance; HEAD is GET without a body. */
    @Test
    @Order(2)
    void badRequestsGetClearAnswersAndHeadIsServed() throws Exception {
        for (ServeCluster.Instance i : List.of(a, b)) {
            TwoInstanceAnswers.assertBadRequestsAnsweredAndHeadServed(i);
        }
    }

    /**
     * Fleet-wide answers wait on the other instance's answer: many at once on both instances must not wait on each
     * other (with four server threads each, eight at once on each instance did until the peers' timeout, then 503).
     */
    @Test
    @Order(2)
    void manyFleetRequestsAtOnceOnBothInstancesAreAllAnswered() throws Exception {
        for (HttpResponse<String> r : ServeCluster.getAtOnce("/api/fleet?track=1", 8, List.of(a, b))) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("rides").size()).isEqualTo(20);
        }
    }

    /**
     * A ride forwarded to its owner holds a server thread while the owner answers, as a fleet-wide answer does: it must
     * count against the same bound, or hundreds of ride requests on two instances could hold every thread of both
     * waiting on each other. With every permit taken, a ride of the peer's is not forwarded (a stale answer from the
     * standby replica this instance keeps, or 503), a ride of its own is answered as always.
     */
    @Test
    @Order(2)
    void withEveryRequestToOtherInstancesTakenARideIsNotForwarded() throws Exception {
        JsonNode fleet = JSON.readTree(ok(a.url("/api/fleet")).body());
        String ofA = TwoInstances.lastRideOf(fleet, owner -> a.http().url().contains(owner));
        String ofB = TwoInstances.lastRideOf(fleet, owner -> !a.http().url().contains(owner));
        assertThat(ofA).isNotNull();
        assertThat(ofB).isNotNull();

        Semaphore permits = a.http().fanOuts().permits();
        int taken = permits.drainPermits();
        try {
            assertThat(taken).isEqualTo(FanOuts.PERMITS);
            HttpResponse<String> peers = ServeCluster.get(a.url("/api/rides/" + ofB));
            TwoInstanceAnswers.assertAnsweredWithoutForwarding(peers);
            HttpResponse<String> own = ok(a.url("/api/rides/" + ofA));
            assertThat(JSON.readTree(own.body()).path("stale").asBoolean()).isFalse();
            assertThat(ServeCluster.get(a.url("/api/fleet")).statusCode()).isEqualTo(503);
        } finally {
            permits.release(taken);
        }
        HttpResponse<String> forwarded = ok(a.url("/api/rides/" + ofB));
        assertThat(forwarded.headers().firstValue("X-Forwarded-From")).isPresent();
    }

    @Test
    @Order(3)
    void metricsAreValidPrometheusTextAndCountersMoveWithTheRecords() {
        String after = ok(a.url("/metrics")).body();
        PrometheusText.assertValid(after);
        assertThat(PrometheusText.sum(after, "kafka_stream_thread_process_total"))
                .isGreaterThan(PrometheusText.sum(metricsBefore, "kafka_stream_thread_process_total") + 1000);
        assertThat(PrometheusText.sum(after, "kafka_stream_fleetstreams_harsh_braking_alert_total")
                + PrometheusText.sum(ok(b.url("/metrics")).body(), "kafka_stream_fleetstreams_harsh_braking_alert_total"))
                .isEqualTo(SAMPLE_ALERTS);
        assertThat(after).contains("kafka_stream_fleetstreams_dead_letter_total", "fleetstreams_rides_calibrated",
                "kafka_stream_task_dropped_records_total", "kafka_stream_thread_commit_latency_avg");
        assertThat(PrometheusText.sum(after, "fleetstreams_rides")).isPositive();
        // Each task's records left to restore: a gauge, as it falls (RestoreRemainingGauges).
        assertThat(after).contains("# TYPE kafka_stream_task_restore_remaining_records gauge")
                .doesNotContain("kafka_stream_task_restore_remaining_records_total")
                .containsPattern("(?m)^kafka_stream_task_restore_remaining_records\\{.*task_id=\"0_\\d+\".*} 0\\.0$");
        // Every kind of store under one metric name (StoreTags): in memory, RocksDB key-value and RocksDB window.
        assertThat(after).contains("store=\"accel-gps-join-samples\"", "store=\"ride-overview\"",
                "store=\"accel-gps-join-fixes\"");
        // RocksDB's key estimate (recorded at INFO): key-value and window stores under one name.
        assertThat(after.lines().filter(l -> l.startsWith("kafka_stream_state_estimate_num_keys{"))
                .map(l -> l.replaceAll(".*store=\"([^\"]+)\".*", "$1")).distinct())
                .contains("ride-overview", "accel-gps-join-fixes", "ride-overview-windows");
    }

    /**
     * Interactive queries find a key's partition with Kafka's Java partitioner (murmur2); a producer with another one
     * (librdkafka's default, CRC32: Python's confluent-kafka, Go, .NET) puts rides elsewhere. The app is per partition
     * and does not mind; the ride's answer must not be a 404. One instance owns the partition the key hashes to, the
     * other the ride's: each has to look beyond the key, one of them on its peer.
     */
    @Test
    @Order(4)
    void aRideInAnotherPartitionThanItsKeyHashesToIsAnsweredByEitherInstance() throws Exception {
        int partitions = TwoInstances.partitionCount(pipeline.bootstrapServers(), topics.locations());
        int hashed = TwoInstances.javaClientPartition(ELSEWHERE, partitions);
        Map<Integer, String> owners = TwoInstances.partitionOwners(JSON.readTree(ok(a.url("/api/instances")).body()),
                topics.locations());
        int target = owners.keySet().stream().filter(q -> !owners.get(q).equals(owners.get(hashed))).findFirst()
                .orElseThrow(() -> new AssertionError("one instance owns every partition: " + owners));

        TwoInstances.sendTwoFixes(pipeline.bootstrapServers(), topics.locations(), target, ELSEWHERE, closedAt + 10_000);
        HttpResponse<String> fleet = ServeCluster.getWhile(a.url("/api/fleet"), f -> !TwoInstances.lists(f, ELSEWHERE),
                Duration.ofSeconds(60), 200);
        assertThat(TwoInstances.lists(fleet, ELSEWHERE)).as("the fleet lists the ride within 60 s").isTrue();
        rideCount++;

        for (ServeCluster.Instance i : List.of(a, b)) {
            TwoInstanceAnswers.assertAnsweredFromPartition(i, ELSEWHERE, target, owners.get(target), hashed);
            HttpResponse<String> unknown = ServeCluster.get(i.url("/api/rides/nowhere"));
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void whenTheOwnerIsUnreachableAStandbyAnswersMarkedStaleWithItsLag() throws Exception {
        JsonNode fleet = JSON.readTree(ok(a.url("/api/fleet")).body());
        // every ride but ELSEWHERE, whose standby is not where its key hashes to: without B it has no answer (503)
        expected.putAll(TwoInstances.rideAnswers(a, fleet, ELSEWHERE));
        List<String> ownedByB = TwoInstances.ridesOwnedBy(fleet, b.hostPort(), ELSEWHERE);
        assertThat(ownedByB).isNotEmpty();
        b.http().close(); // B's HTTP side is gone; its Kafka Streams still owns the partitions

        for (String ride : ownedByB) {
            TwoInstanceAnswers.assertStaleWithLag(a, ride, expected.get(ride));
        }
        HttpResponse<String> fleetNow = ServeCluster.get(a.url("/api/fleet"));
        assertThat(fleetNow.statusCode()).as("the fleet needs every instance").isEqualTo(503);
        // the status does not: it sums those that answer and names the one that does not
        JsonNode status = JSON.readTree(ok(a.url("/api/status")).body());
        assertThat(status.path("instances_answering").asInt()).as(status.toString()).isEqualTo(1);
        assertThat(status.path("instances_not_answering").toString()).as(status.toString())
                .isEqualTo("[\"" + b.hostPort() + "\"]");
        assertThat(fleetNow.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    @Order(6)
    void whenAnInstanceLeavesAnswersAre503WithRetryAfterOrStaleUntilTheSurvivorOwnsEverything() throws Exception {
        b.streams().close(Duration.ofSeconds(30));
        TwoInstanceAnswers.assertStoppedStreamsAnswer503(b, expected.keySet().iterator().next());

        Map<String, Integer> answers = new TreeMap<>();
        boolean allAnswered = TwoInstanceAnswers.awaitSurvivorAnswersEveryRide(a, expected, rideCount, answers);
        System.out.println("Answers of the survivor while it took over: " + answers);
        assertThat(allAnswered).as("the survivor answers every ride from its active tasks; " + answers).isTrue();
        assertThat(a.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(JSON.readTree(ok(a.url("/api/fleet")).body()).path("rides").size()).isEqualTo(rideCount);
    }

    /**
     * An instance started without --http-port has no application.server, so the metadata does not show it or its
     * partitions: a fleet answer that only counted the partitions it could see was a 200 without that instance's rides.
     */
    @Test
    @Order(7)
    void anInstanceWithoutAnHttpServerMakesFleetAnswers503AndItsRidesStaleOrA503UntilItsPartitionsMove() throws Exception {
        AppConfig config = pipeline.appConfig().withStateDir(state.resolve("c")).withOverrides(STANDBY);
        try (StreamsRunner c = pipeline.newApp(config)) {
            c.start();
            TwoInstances.awaitRunningWithTasks(c, a);
            assertThat(c.activeTasks()).as("the instance without HTTP owns partitions").isNotEmpty();

            TwoInstanceAnswers.assertAFreshServerAnswers503NamingHttpPort(a, pipeline.partitions());
            TwoInstanceAnswers.assertStatusNamesThePartitionsOf(a, c);
            HttpResponse<String> fromA = ServeCluster.get(a.url("/api/fleet"));
            assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(503);
            assertThat(TwoInstanceAnswers.assertRidesOfAnInstanceWithoutHttpAreStaleOrNameHttpPort(a,
                    windowsByRide.keySet())).as("rides in the partitions C owns").isPositive();
        }
        // its partitions come back to A once its session times out
        HttpResponse<String> fleet = ServeCluster.getWhile(a.url("/api/fleet"), f -> f.statusCode() != 200,
                Duration.ofSeconds(90), 500);
        assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
        assertThat(JSON.readTree(fleet.body()).path("rides").size()).isEqualTo(rideCount);
    }
}
