package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
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

    private static final ObjectMapper JSON = Json.mapper();
    /** What the topology gives for data/sample in the TopologyTestDriver, in event-time order. */
    private static final int SAMPLE_ALERTS = org.fleetstreams.app.DriverRun.alerts(Path.of("..", "data", "sample")).size();
    /**
     * Each instance keeps a standby replica of the other's stores. A closed instance's tasks move after its session
     * times out (its close does not leave the group): 6 s, the broker's minimum, instead of 45 s.
     */
    private static final Map<String, String> STANDBY = Map.of("num.standby.replicas", "1",
            "consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "1500",
            // an instance that joins later (order 7) gets active tasks at once, not after warming up as a standby
            "acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE));

    private Path state;

    private LocalPipeline pipeline;
    private Topics topics;
    private ServeCluster.Instance a;
    private ServeCluster.Instance b;
    private String metricsBefore;
    private final Map<String, List<JsonNode>> alertsByRide = new TreeMap<>();
    private final Map<String, Map<Long, JsonNode>> windowsByRide = new TreeMap<>();
    private final Map<String, JsonNode> expected = new LinkedHashMap<>();
    /** The event time of the closing records (every window of the data is closed by then). */
    private long closedAt;
    /** Rides in the fleet: data/sample's, and {@link #ELSEWHERE} once a test has added it. */
    private int rideCount = 20;
    /** A ride whose producer partitioned it otherwise than Kafka's Java client (librdkafka's clients: CRC32). */
    private static final String ELSEWHERE = "placed-by-another-partitioner";

    @BeforeAll
    void replaySampleThroughTwoInstances() throws Exception {
        state = java.nio.file.Files.createTempDirectory("serve-test");
        pipeline = ServeCluster.pipeline("serve", "serve-app", state.resolve("a"));
        String bootstrap = pipeline.bootstrapServers();
        topics = pipeline.topics();
        AppConfig config = pipeline.appConfig();
        a = ServeCluster.start(pipeline, config, STANDBY);
        b = ServeCluster.start(pipeline, config.withStateDir(state.resolve("b")), STANDBY);
        awaitBothRunningWithTasks();
        metricsBefore = ServeCluster.get(a.url("/metrics")).body();

        long last = pipeline.replay().progress().stats().maxEventTime();
        closedAt = last + ClosingRecords.LEAD.toMillis();
        pipeline.closeWindowsWhenCaughtUp(closedAt, Duration.ofSeconds(120));
        ServeCluster.awaitCommitted(pipeline, "serve-app");

        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topics.harshBraking(), Duration.ofSeconds(30))) {
            alertsByRide.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
        }
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topics.carSummaries(), Duration.ofSeconds(30))) {
            JsonNode s = JSON.readTree(r.value());
            windowsByRide.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(s.path("window_start").asLong(), s);
        }
        windowsByRide.keySet().removeIf(ClosingRecords::isClosing);
    }

    @AfterAll
    void close() {
        for (AutoCloseable c : new AutoCloseable[] {b, a, pipeline}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
        try (var paths = java.nio.file.Files.walk(state)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir
        }
    }

    @Test
    @Order(1)
    void everyRideIsAnsweredByBothInstancesWithTheContentOfTheOutputTopics() throws Exception {
        JsonNode fleetA = JSON.readTree(ok(a.url("/api/fleet")).body());
        JsonNode fleetB = JSON.readTree(ok(b.url("/api/fleet")).body());
        assertThat(fleetA).isEqualTo(fleetB);
        List<String> rides = new ArrayList<>();
        fleetA.path("rides").forEach(r -> rides.add(r.path("ride_id").asText()));
        assertThat(rides).hasSize(20).doesNotContain(ClosingRecords.RIDE_ID).containsExactlyElementsOf(windowsByRide.keySet());
        Set<String> owners = new HashSet<>();
        fleetA.path("rides").forEach(r -> owners.add(r.path("owner").asText()));
        assertThat(owners).as("both instances own rides").hasSize(2);

        int forwarded = 0;
        for (JsonNode row : fleetA.path("rides")) {
            String ride = row.path("ride_id").asText();
            HttpResponse<String> fromA = ok(a.url("/api/rides/" + ride));
            HttpResponse<String> fromB = ok(b.url("/api/rides/" + ride));
            assertThat(fromA.body()).as(ride).isEqualTo(fromB.body());
            boolean aForwarded = fromA.headers().firstValue("X-Forwarded-From").isPresent();
            boolean bForwarded = fromB.headers().firstValue("X-Forwarded-From").isPresent();
            assertThat(aForwarded ^ bForwarded).as("exactly one instance forwards " + ride).isTrue();
            forwarded++;

            JsonNode answer = JSON.readTree(fromA.body());
            assertThat(answer.path("owner").asText()).isEqualTo(row.path("owner").asText());
            List<JsonNode> topicAlerts = alertsByRide.getOrDefault(ride, List.of());
            assertThat(list(answer.path("overview").path("alerts"))).as(ride + " alerts").containsExactlyInAnyOrderElementsOf(topicAlerts);
            assertThat(row.path("alert_count").asInt()).isEqualTo(topicAlerts.size());
            assertThat(list(answer.path("windows"))).as(ride + " windows")
                    .containsExactlyElementsOf(windowsByRide.get(ride).values());
            assertThat(answer.path("overview").path("track").size()).isGreaterThan(10);
            assertThat(answer.path("detector").path("known").asBoolean()).isTrue();
        }
        assertThat(forwarded).isEqualTo(20);
    }

    @Test
    @Order(2)
    void theFleetsAlertsAndTheInstancesAreTheSameFromEitherInstance() throws Exception {
        JsonNode alerts = JSON.readTree(ok(a.url("/api/alerts?since=0")).body());
        assertThat(alerts).isEqualTo(JSON.readTree(ok(b.url("/api/alerts?since=0")).body()));
        assertThat(alerts.path("alerts").size()).isEqualTo(alertsByRide.values().stream().mapToInt(List::size).sum())
                .isEqualTo(SAMPLE_ALERTS);
        long since = alerts.path("alerts").get(5).path("end_time").asLong();
        assertThat(JSON.readTree(ok(b.url("/api/alerts?since=" + since)).body()).path("alerts").size()).isEqualTo(5);

        JsonNode instances = JSON.readTree(ok(b.url("/instances")).body());
        assertThat(instances.path("instances").size()).isEqualTo(2);
        Set<String> partitions = new TreeSet<>();
        instances.path("instances").forEach(i -> i.path("partitions").forEach(p -> partitions.add(p.asText())));
        Set<String> all = new TreeSet<>();
        for (int p = 0; p < 4; p++) {
            all.add("serve-locations-" + p);
            all.add("serve-accelerations-" + p);
        }
        assertThat(partitions).isEqualTo(all);
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
            HttpResponse<String> post = ServeCluster.request("POST", i.url("/api/fleet"));
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            assertThat(JSON.readTree(post.body()).path("error").asText()).contains("POST");

            HttpResponse<String> since = ServeCluster.get(i.url("/api/alerts?since=yesterday"));
            assertThat(since.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(since.body()).path("error").asText()).contains("since", "yesterday");

            // a space in a ride id: the instance that forwards must ask for the same id, not for "a+b"
            HttpResponse<String> spaced = ServeCluster.get(i.url("/api/rides/no%20such%20ride"));
            assertThat(spaced.statusCode()).as(spaced.body()).isEqualTo(404);
            assertThat(JSON.readTree(spaced.body()).path("error").asText()).isEqualTo("no ride no such ride");

            HttpResponse<String> head = ServeCluster.request("HEAD", i.url("/api/fleet"));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        }
    }

    /**
     * Fleet-wide answers wait on the other instance's answer: many at once on both instances must not wait on each
     * other (with four server threads each, eight at once on each instance did until the peers' timeout, then 503).
     */
    @Test
    @Order(2)
    void manyFleetRequestsAtOnceOnBothInstancesAreAllAnswered() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                for (ServeCluster.Instance i : List.of(a, b)) {
                    answers.add(clients.submit(() -> ServeCluster.get(i.url("/api/fleet?track=1"))));
                }
            }
            for (java.util.concurrent.Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("rides").size()).isEqualTo(20);
            }
        } finally {
            clients.shutdownNow();
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
        String ofA = null;
        String ofB = null;
        for (JsonNode row : fleet.path("rides")) {
            String owner = row.path("owner").asText();
            if (a.http().url().contains(owner)) {
                ofA = row.path("ride_id").asText();
            } else {
                ofB = row.path("ride_id").asText();
            }
        }
        assertThat(ofA).isNotNull();
        assertThat(ofB).isNotNull();

        java.util.concurrent.Semaphore permits = a.http().fanOuts().permits();
        int taken = permits.drainPermits();
        try {
            assertThat(taken).isEqualTo(FanOuts.PERMITS);
            HttpResponse<String> peers = ServeCluster.get(a.url("/api/rides/" + ofB));
            assertThat(peers.headers().firstValue("X-Forwarded-From")).as(peers.body()).isEmpty();
            if (peers.statusCode() == 200) {
                assertThat(JSON.readTree(peers.body()).path("stale").asBoolean()).as(peers.body()).isTrue();
            } else {
                assertThat(peers.statusCode()).isEqualTo(503);
                assertThat(peers.body()).contains("too many requests to other instances at once");
                assertThat(peers.headers().firstValue("Retry-After")).isPresent();
            }
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
        int partitions;
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", pipeline.bootstrapServers());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            partitions = consumer.partitionsFor(topics.locations()).size();
        }
        int hashed = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                ELSEWHERE.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
        Map<Integer, String> owners = new TreeMap<>();
        for (JsonNode instance : JSON.readTree(ok(a.url("/api/instances")).body()).path("instances")) {
            for (JsonNode tp : instance.path("partitions")) {
                String name = tp.asText();
                if (name.startsWith(topics.locations() + "-")) {
                    owners.put(Integer.parseInt(name.substring(topics.locations().length() + 1)),
                            instance.path("host").asText() + ":" + instance.path("port").asInt());
                }
            }
        }
        int target = owners.keySet().stream().filter(q -> !owners.get(q).equals(owners.get(hashed))).findFirst()
                .orElseThrow(() -> new AssertionError("one instance owns every partition: " + owners));

        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(p,
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int k = 0; k < 2; k++) {
                long t = closedAt + 10_000 + 1_000L * k;
                var fix = new org.fleetstreams.common.LocationFix(k, null, ELSEWHERE, null, 0, 40.7, -73.99, null, 5.0, 5.0, t);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topics.locations(), target, t,
                        ELSEWHERE, org.fleetstreams.common.FleetSerdes.locationFix().toBytes(fix))).get();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean listed = false;
        while (!listed && System.nanoTime() < deadline) {
            HttpResponse<String> fleet = ServeCluster.get(a.url("/api/fleet"));
            listed = fleet.statusCode() == 200 && fleet.body().contains("\"" + ELSEWHERE + "\"");
            Thread.sleep(listed ? 0 : 200);
        }
        assertThat(listed).as("the fleet lists the ride within 60 s").isTrue();
        rideCount++;

        for (ServeCluster.Instance i : List.of(a, b)) {
            HttpResponse<String> r = ServeCluster.get(i.url("/api/rides/" + ELSEWHERE));
            assertThat(r.statusCode()).as(i.http().url() + ": " + r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.path("partition").asInt()).as("hashed to " + hashed).isEqualTo(target);
            assertThat(answer.path("owner").asText()).isEqualTo(owners.get(target));
            assertThat(answer.path("overview").path("ride_id").asText()).isEqualTo(ELSEWHERE);
            HttpResponse<String> unknown = ServeCluster.get(i.url("/api/rides/nowhere"));
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        }
    }

    @Test
    @Order(5)
    void whenTheOwnerIsUnreachableAStandbyAnswersMarkedStaleWithItsLag() throws Exception {
        JsonNode fleet = JSON.readTree(ok(a.url("/api/fleet")).body());
        List<String> ownedByB = new ArrayList<>();
        for (JsonNode row : fleet.path("rides")) {
            String ride = row.path("ride_id").asText();
            if (ride.equals(ELSEWHERE)) {
                continue; // its standby is not where its key hashes to: without B there is no answer (503)
            }
            expected.put(ride, JSON.readTree(ok(a.url("/api/rides/" + ride)).body()));
            if (row.path("owner").asText().equals(b.http().url().replaceAll("^http://|/$", ""))) {
                ownedByB.add(ride);
            }
        }
        assertThat(ownedByB).isNotEmpty();
        b.http().close(); // B's HTTP side is gone; its Kafka Streams still owns the partitions

        for (String ride : ownedByB) {
            HttpResponse<String> r = ok(a.url("/api/rides/" + ride));
            JsonNode got = JSON.readTree(r.body());
            assertThat(got.path("stale").asBoolean()).as(r.body()).isTrue();
            JsonNode lag = got.get("lag_records");
            assertThat(lag != null && lag.isIntegralNumber() && lag.asLong() >= 0).as(r.body()).isTrue();
            assertThat(r.headers().firstValue("X-Stale")).hasValue("true");
            assertThat(got.path("overview")).isEqualTo(expected.get(ride).path("overview"));
            assertThat(got.path("windows")).isEqualTo(expected.get(ride).path("windows"));
        }
        HttpResponse<String> fleetNow = ServeCluster.get(a.url("/api/fleet"));
        assertThat(fleetNow.statusCode()).as("the fleet needs every instance").isEqualTo(503);
        // the status does not: it sums those that answer and names the one that does not
        JsonNode status = JSON.readTree(ok(a.url("/api/status")).body());
        assertThat(status.path("instances_answering").asInt()).as(status.toString()).isEqualTo(1);
        assertThat(status.path("instances_not_answering").toString()).as(status.toString())
                .isEqualTo("[\"" + b.http().url().replaceAll("^http://|/$", "") + "\"]");
        assertThat(fleetNow.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    @Order(6)
    void whenAnInstanceLeavesAnswersAre503WithRetryAfterOrStaleUntilTheSurvivorOwnsEverything() throws Exception {
        b.streams().close(Duration.ofSeconds(30));
        try (FleetServer probe = FleetServer.bind("localhost", 0).start(b.streams(), 0, BrakingConfig.defaults())) {
            HttpResponse<String> stopped = ServeCluster.get(probe.url() + "api/rides/" + expected.keySet().iterator().next());
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(stopped.body()).contains("NOT_RUNNING");
        }

        Map<String, Integer> answers = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean allAnswered = false;
        while (!allAnswered && System.nanoTime() < deadline) {
            allAnswered = true;
            // the fleet while B's partitions move to A: all 20 rides, or 503, never a 200 that lacks some
            HttpResponse<String> fleet = ServeCluster.get(a.url("/api/fleet"));
            if (fleet.statusCode() == 503) {
                answers.merge("fleet 503", 1, Integer::sum);
            } else {
                assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
                assertThat(JSON.readTree(fleet.body()).path("rides").size()).as("rides in a 200 fleet answer").isEqualTo(rideCount);
                answers.merge("fleet 200", 1, Integer::sum);
            }
            for (String ride : expected.keySet()) {
                HttpResponse<String> r = ServeCluster.get(a.url("/api/rides/" + ride));
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("2");
                    answers.merge("503", 1, Integer::sum);
                    allAnswered = false;
                    continue;
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode got = JSON.readTree(r.body());
                assertThat(got.path("overview")).isEqualTo(expected.get(ride).path("overview"));
                assertThat(got.path("windows")).isEqualTo(expected.get(ride).path("windows"));
                boolean stale = got.path("stale").asBoolean();
                answers.merge(stale ? "200 stale" : "200", 1, Integer::sum);
                allAnswered &= !stale;
            }
        }
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
    void anInstanceWithoutAnHttpServerMakesFleetAnswers503UntilItsPartitionsMoveToOneThatHasOne() throws Exception {
        AppConfig config = pipeline.appConfig().withStateDir(state.resolve("c")).withOverrides(STANDBY);
        try (StreamsRunner c = pipeline.newApp(config)) {
            c.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!(c.streams().state() == KafkaStreams.State.RUNNING && !c.activeTasks().isEmpty()
                    && a.streams().state() == KafkaStreams.State.RUNNING) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(c.activeTasks()).as("the instance without HTTP owns partitions").isNotEmpty();

            // a server that has seen no assignment yet (as after A's restart): it knows the inputs' partition count
            try (FleetServer fresh = FleetServer.bind("localhost", 0).start(a.streams(), pipeline.partitions(),
                    BrakingConfig.defaults())) {
                // 503 either way while A rebalances; then, RUNNING, because of the partitions C holds
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                HttpResponse<String> fleet = ServeCluster.get(fresh.url() + "api/fleet");
                while (!fleet.body().contains("--http-port") && fleet.statusCode() == 503 && System.nanoTime() < until) {
                    Thread.sleep(300);
                    fleet = ServeCluster.get(fresh.url() + "api/fleet");
                }
                assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(503);
                assertThat(fleet.body()).contains("--http-port");
                assertThat(fleet.headers().firstValue("Retry-After")).hasValue("2");
            }
            HttpResponse<String> fromA = ServeCluster.get(a.url("/api/fleet"));
            assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(503);
        }
        // its partitions come back to A once its session times out
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> fleet = ServeCluster.get(a.url("/api/fleet"));
        while (fleet.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            fleet = ServeCluster.get(a.url("/api/fleet"));
        }
        assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
        assertThat(JSON.readTree(fleet.body()).path("rides").size()).isEqualTo(rideCount);
    }

    private void awaitBothRunningWithTasks() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (tasks(a) > 0 && tasks(b) > 0 && tasks(a) + tasks(b) == 4
                    && a.streams().state() == KafkaStreams.State.RUNNING && b.streams().state() == KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the two instances did not share the 4 tasks: " + tasks(a) + " / " + tasks(b));
    }

    private static int tasks(ServeCluster.Instance i) {
        return i.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    private static HttpResponse<String> ok(String url) {
        HttpResponse<String> r = ServeCluster.get(url);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
