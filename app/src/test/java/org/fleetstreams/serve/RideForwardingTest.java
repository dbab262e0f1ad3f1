package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A ride's answer from another instance, with stand-ins for the other instances (plain HTTP servers that answer as
 * told): what is passed on to the client.
 */
class RideForwardingTest {

    private static final HostInfo SELF = new HostInfo("localhost", 1);
    private final List<HttpServer> fakes = new ArrayList<>();
    /** The stand-ins' handler threads: each request on its own, so that a slow answer holds no other. */
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    @AfterEach
    void stopFakes() {
        fakes.forEach(f -> f.stop(0));
        handlers.shutdownNow();
    }

    /**
     * An owner that answers from its standby replica (the partition's active instance serves no HTTP) says so in its
     * headers; the instance that forwarded the request passed on only Retry-After, and the client, which asked
     * another instance, saw no {@code X-Stale} (docs/dashboard.md promises it).
     */
    @Test
    void aForwardedStaleAnswerKeepsItsStaleAndServedByHeaders() throws Exception {
        HostInfo owner = fake(200, 0, Map.of("X-Stale", "true", "X-Served-By", "owner.example:8080"));

        HttpResponse<byte[]> answer = new Peers().get(owner, ApiRoute.RIDES + "r");
        Reply passed = RideAnswer.passedOn(answer, owner, SELF);

        assertThat(passed.status()).isEqualTo(200);
        assertThat(passed.headers()).containsEntry("X-Stale", "true")
                .containsEntry("X-Served-By", "owner.example:8080")
                .containsEntry("X-Forwarded-From", "localhost:1")
                .doesNotContainKey("Retry-After");
        assertThat(new String(passed.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    /** An owner's answer without those headers: served by the owner, as its address names it; its Retry-After kept. */
    @Test
    void anAnswerWithoutThemIsServedByTheOwnerAndKeepsItsRetryAfter() throws Exception {
        HostInfo owner = fake(503, 0, Map.of("Retry-After", "2"));

        Reply passed = RideAnswer.passedOn(new Peers().get(owner, ApiRoute.RIDES + "r"), owner, SELF);

        assertThat(passed.status()).isEqualTo(503);
        assertThat(passed.headers()).containsEntry("X-Served-By", Peers.address(owner))
                .containsEntry("Retry-After", "2").doesNotContainKey("X-Stale");
    }

    /**
     * A ride no instance has: the others are asked to look in every partition, and each may take its time. Asked one
     * after another, three instances that each say 404 after 3 s took 9 s; asked at once, about 3 s.
     */
    @Test
    void theOtherInstancesAreSearchedAtOnceNotOneAfterAnother() throws Exception {
        List<HostInfo> slow = List.of(fake(404, 3_000, Map.of()), fake(404, 3_000, Map.of()), fake(404, 3_000, Map.of()));
        Reply notFound = Reply.error(404, "no ride r");

        long start = System.nanoTime();
        Reply answer = RideAnswer.searchPeers(new Peers(), slow, SELF, "r", notFound);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer).isSameAs(notFound);
        assertThat(tookMs).as("one delay (3 s), not their sum (9 s)").isBetween(2_900L, 7_000L);
    }

    /** The instance that has the ride answers, whatever another one says; with none that has it, a 503 beats a 404. */
    @Test
    void theInstanceThatHasTheRideAnswersAndOneThatCannotSayMakesA503() throws Exception {
        HostInfo busy = fake(503, 0, Map.of("Retry-After", "2"));
        HostInfo has = fake(200, 0, Map.of());
        HostInfo hasNot = fake(404, 0, Map.of());
        Reply notFound = Reply.error(404, "no ride r");

        Reply found = RideAnswer.searchPeers(new Peers(), List.of(busy, hasNot, has), SELF, "r", notFound);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.headers()).containsEntry("X-Served-By", Peers.address(has));

        assertThatThrownBy(() -> RideAnswer.searchPeers(new Peers(), List.of(hasNot, busy), SELF, "r", notFound))
                .isInstanceOf(Unavailable.class).hasMessageContaining(Peers.address(busy) + " answered 503");
    }

    /** A stand-in instance on a free port that answers every request with {@code status} after {@code delayMs}. */
    private HostInfo fake(int status, long delayMs, Map<String, String> headers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        fakes.add(server);
        return new HostInfo("localhost", server.getAddress().getPort());
    }
}
