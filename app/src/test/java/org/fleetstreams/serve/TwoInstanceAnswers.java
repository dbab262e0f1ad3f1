package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;
import static org.fleetstreams.serve.ServeCluster.getWhile;
import static org.fleetstreams.serve.ServeCluster.ok;
import static org.fleetstreams.serve.TwoInstances.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.overview.RideOverview;

/**
 * {@link TwoInstanceApiTest}'s checks of what the instances answer: a ride from either instance, bad requests, answers
 * without forwarding, from a standby or a stopped instance, and every ride while the survivor takes over.
 */
final class TwoInstanceAnswers {

    private TwoInstanceAnswers() {
    }

    /**
     * The ride in {@code row} answered by both instances with the same body, exactly one of them forwarding, with the
     * row's owner, the alerts and windows the output topics hold, a track and the detector's state.
     */
    static void assertAnsweredByBothOneForwarding(ServeCluster.Instance a, ServeCluster.Instance b, JsonNode row,
            List<JsonNode> topicAlerts, Map<Long, JsonNode> topicWindows) throws IOException {
        String ride = row.path("ride_id").asText();
        HttpResponse<String> fromA = ok(a.url("/api/rides/" + ride));
        HttpResponse<String> fromB = ok(b.url("/api/rides/" + ride));
        assertThat(fromA.body()).as(ride).isEqualTo(fromB.body());
        boolean aForwarded = fromA.headers().firstValue("X-Forwarded-From").isPresent();
        boolean bForwarded = fromB.headers().firstValue("X-Forwarded-From").isPresent();
        assertThat(aForwarded ^ bForwarded).as("exactly one instance forwards " + ride).isTrue();

        JsonNode answer = JSON.readTree(fromA.body());
        assertThat(answer.path("owner").asText()).isEqualTo(row.path("owner").asText());
        assertThat(list(answer.path("overview").path("alerts"))).as(ride + " alerts").containsExactlyInAnyOrderElementsOf(topicAlerts);
        assertThat(row.path("alert_count").asInt()).isEqualTo(topicAlerts.size());
        assertThat(list(answer.path("windows"))).as(ride + " windows")
                .containsExactlyElementsOf(topicWindows.values());
        assertThat(answer.path("overview").path("track").size()).isGreaterThan(10);
        assertThat(answer.path("detector").path("known").asBoolean()).isTrue();
    }

    /** Wrong method, a bad {@code since}, an unknown ride with spaces: JSON errors; HEAD: GET's headers, no body. */
    static void assertBadRequestsAnsweredAndHeadServed(ServeCluster.Instance i) throws IOException {
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

    /** A ride of the peer's, not forwarded: a stale answer from this instance's standby, or 503 saying why. */
    static void assertAnsweredWithoutForwarding(HttpResponse<String> peers) throws IOException {
        assertThat(peers.headers().firstValue("X-Forwarded-From")).as(peers.body()).isEmpty();
        if (peers.statusCode() == 200) {
            assertThat(JSON.readTree(peers.body()).path("stale").asBoolean()).as(peers.body()).isTrue();
        } else {
            assertThat(peers.statusCode()).isEqualTo(503);
            assertThat(peers.body()).contains("too many requests to other instances at once");
            assertThat(peers.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /** {@code i} answers {@code ride} from partition {@code target} of {@code owner}, not the one its key hashes to. */
    static void assertAnsweredFromPartition(ServeCluster.Instance i, String ride, int target, String owner, int hashed)
            throws IOException {
        HttpResponse<String> r = ServeCluster.get(i.url("/api/rides/" + ride));
        assertThat(r.statusCode()).as(i.http().url() + ": " + r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("partition").asInt()).as("hashed to " + hashed).isEqualTo(target);
        assertThat(answer.path("owner").asText()).isEqualTo(owner);
        assertThat(answer.path("overview").path("ride_id").asText()).isEqualTo(ride);
    }

    /**
     * {@code i}'s answer for {@code ride}, which only its standby holds: marked stale with its lag in records, which is
     * what {@code i}'s Kafka Streams reports for the ride's partition of the overview store, and the {@code expected}
     * overview and windows. A standby still applying the last records (a ride was written just before) moves on
     * between the answer and the report, and the answer keeps a lag for up to a second ({@code StandbyLags}): asked
     * again, for up to 10 s, until they agree, as they do once it stands still.
     */
    static void assertStaleWithLag(ServeCluster.Instance i, String ride, JsonNode expected) throws IOException {
        KafkaStreams standby = i.streams();
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await("an answer for " + ride + " with the lag its standby reports").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    answer.set(ok(i.url("/api/rides/" + ride)));
                    JsonNode got = JSON.readTree(answer.get().body());
                    assertThat(got.path("lag_records").isIntegralNumber()).as(answer.get().body()).isTrue();
                    assertThat(reportedLag(got, standby)).as(answer.get().body())
                            .isEqualTo(got.get("lag_records").asLong());
                });
        HttpResponse<String> r = answer.get();
        JsonNode got = JSON.readTree(r.body());
        assertThat(got.path("stale").asBoolean()).as(r.body()).isTrue();
        assertThat(r.headers().firstValue("X-Stale")).hasValue("true");
        assertThat(got.path("overview")).isEqualTo(expected.path("overview"));
        assertThat(got.path("windows")).isEqualTo(expected.path("windows"));
    }

    /** The lag in records of {@code standby}'s copy of the overview store's partition the answer names (-1: none). */
    private static long reportedLag(JsonNode answer, KafkaStreams standby) {
        LagInfo lag = standby.allLocalStorePartitionLags().getOrDefault(RideOverview.STORE, Map.of())
                .get(answer.path("partition").asInt());
        return lag == null ? -1 : lag.offsetLag();
    }

    /** A server on {@code b}'s stopped Kafka Streams answers {@code ride} 503 NOT_RUNNING, with Retry-After. */
    static void assertStoppedStreamsAnswer503(ServeCluster.Instance b, String ride) throws IOException {
        try (FleetServer probe = FleetServer.bind("localhost", 0).start(b.streams(), 0, BrakingConfig.defaults())) {
            HttpResponse<String> stopped = ServeCluster.get(probe.url() + "api/rides/" + ride);
            assertThat(stopped.statusCode()).isEqualTo(503);
            assertThat(stopped.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(stopped.body()).contains("NOT_RUNNING");
        }
    }

    /** While an instance without HTTP owns partitions, a new server on {@code a}'s Kafka Streams answers the fleet 503. */
    static void assertAFreshServerAnswers503NamingHttpPort(ServeCluster.Instance a, int partitions)
            throws IOException, InterruptedException {
        // a server that has seen no assignment yet (as after A's restart): it knows the inputs' partition count
        try (FleetServer fresh = FleetServer.bind("localhost", 0).start(a.streams(), partitions,
                BrakingConfig.defaults())) {
            // 503 either way while A rebalances; then, RUNNING, because of the partitions C holds
            HttpResponse<String> fleet = getWhile(fresh.url() + "api/fleet",
                    f -> !f.body().contains("--http-port") && f.statusCode() == 503, Duration.ofSeconds(60), 300);
            assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(503);
            assertThat(fleet.body()).contains("--http-port");
            assertThat(fleet.headers().firstValue("Retry-After")).hasValue("2");
        }
    }

    /**
     * A's status while an instance without an HTTP server ({@code withoutHttp}) owns partitions: that instance is in
     * no metadata, so it cannot be named, but the partitions it holds, whose records the sums lack, are.
     */
    static void assertStatusNamesThePartitionsOf(ServeCluster.Instance a, StreamsRunner withoutHttp)
            throws IOException, InterruptedException {
        String held = withoutHttp.activeTasks().stream().map(t -> Integer.parseInt(t.substring(t.indexOf('_') + 1)))
                .collect(Collectors.toCollection(TreeSet::new)).toString().replace(" ", "");
        HttpResponse<String> status = getWhile(a.url("/api/status"), r -> r.statusCode() != 200
                || !partitionsNotAnswering(r).equals(held), Duration.ofSeconds(30), 300);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(partitionsNotAnswering(status)).as(status.body()).isEqualTo(held);
        assertThat(JSON.readTree(status.body()).path("instances_not_answering").size()).as(status.body()).isZero();
    }

    private static String partitionsNotAnswering(HttpResponse<String> status) {
        try {
            return JSON.readTree(status.body()).path("partitions_not_answering").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Each ride asked of A while an instance without an HTTP server owns some: A's own are 200; one of the other's is
     * 200 from A's standby (stale), or a 503 that names the instance without HTTP, not only "not known right now
     * (rebalancing)" (which says: wait).
     * Returns how many of them were the other's.
     */
    static int assertRidesOfAnInstanceWithoutHttpAreStaleOrNameHttpPort(ServeCluster.Instance a, Iterable<String> rides)
            throws IOException {
        int elsewhere = 0;
        for (String ride : rides) {
            HttpResponse<String> r = ServeCluster.get(a.url("/api/rides/" + ride));
            if (r.statusCode() == 503) {
                assertThat(r.body()).as(ride).contains("owned by an instance without --http-port")
                        .doesNotContain("not known right now");
                elsewhere++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                elsewhere += JSON.readTree(r.body()).path("stale").asBoolean() ? 1 : 0;
            }
        }
        return elsewhere;
    }

    /**
     * While B's partitions move to A, up to 90 s: A's fleet is 503 or all {@code rideCount} rides, never a 200 that
     * lacks some; each ride is 503 with Retry-After, or 200 with its {@code expected} overview and windows (stale while
     * A restores). Counts the answers by kind into {@code answers}; whether the last round was every ride, none stale.
     */
    static boolean awaitSurvivorAnswersEveryRide(ServeCluster.Instance a, Map<String, JsonNode> expected, int rideCount,
                                                 Map<String, Integer> answers) throws IOException {
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
        return allAnswered;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
