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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicInteger waitedAlone = new AtomicInteger();

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
     * after another, three instances that each said 404 after 3 s took 9 s. Each stand-in here answers only once all
     * three requests have come (or after 8 s): asked at once, they answer together; one after another, the first
     * would wait 8 s alone, and the three more than the 11 s deadline.
     */
    @Test
    void theOtherInstancesAreSearchedAtOnceNotOneAfterAnother() throws Exception {
        CountDownLatch allAsked = new CountDownLatch(3);
        List<HostInfo> others = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            others.add(fake(404, allAsked, Map.of(Peers.SEARCHED, String.valueOf(p))));
        }
        Reply notFound = Reply.error(404, "no ride r");

        Reply answer = RideAnswer.searchPeers(new Peers(), others, SELF, "r", notFound, Set.of(3), Set.of(0, 1, 2, 3));

        assertThat(waitedAlone).as("stand-ins that gave up waiting for the others' requests").hasValue(0);
        assertThat(answer).isSameAs(notFound);
    }

    /**
     * "No such ride" only when every partition said no: one that no instance searched (an instance without
     * --http-port holds it, or it is restoring) may hold the ride, so that is a 503, not a 404.
     */
    @Test
    void aPartitionNoInstanceSearchedMakesA503NotA404() throws Exception {
        HostInfo hasNot = fake(404, 0, Map.of(Peers.SEARCHED, "0,1"));
        Reply notFound = Reply.error(404, "no ride r");

        assertThat(RideAnswer.searchPeers(new Peers(), List.of(hasNot), SELF, "r", notFound, Set.of(2, 3),
                Set.of(0, 1, 2, 3))).isSameAs(notFound);
        assertThatThrownBy(() -> RideAnswer.searchPeers(new Peers(), List.of(hasNot), SELF, "r", notFound, Set.of(2),
                Set.of(0, 1, 2, 3))).isInstanceOf(Unavailable.class).hasMessageContaining("partition(s) [3]");
        HostInfo saysNotWhere = fake(404, 0, Map.of());
        assertThatThrownBy(() -> RideAnswer.searchPeers(new Peers(), List.of(saysNotWhere), SELF, "r", notFound,
                Set.of(2, 3), Set.of(0, 1, 2, 3))).isInstanceOf(Unavailable.class).hasMessageContaining("[0, 1]");
    }

    /** The instance that has the ride answers, whatever another one says; with none that has it, a 503 beats a 404. */
    @Test
    void theInstanceThatHasTheRideAnswersAndOneThatCannotSayMakesA503() throws Exception {
        HostInfo busy = fake(503, 0, Map.of("Retry-After", "2"));
        HostInfo has = fake(200, 0, Map.of());
        HostInfo hasNot = fake(404, 0, Map.of(Peers.SEARCHED, "0"));
        Reply notFound = Reply.error(404, "no ride r");

        Reply found = RideAnswer.searchPeers(new Peers(), List.of(busy, hasNot, has), SELF, "r", notFound, Set.of(),
                Set.of(0, 1));
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.headers()).containsEntry("X-Served-By", Peers.address(has));

        assertThatThrownBy(() -> RideAnswer.searchPeers(new Peers(), List.of(hasNot, busy), SELF, "r", notFound,
                Set.of(1), Set.of(0, 1))).isInstanceOf(Unavailable.class)
                .hasMessageContaining(Peers.address(busy) + " answered 503");
    }

    /** A stand-in instance on a free port that answers every request with {@code status} after {@code delayMs}. */
    private HostInfo fake(int status, long delayMs, Map<String, String> headers) throws IOException {
        return fake(status, () -> Thread.sleep(delayMs), headers);
    }

    /** A stand-in that answers once {@code together} has counted down to zero (each request counts), or after 8 s. */
    private HostInfo fake(int status, CountDownLatch together, Map<String, String> headers) throws IOException {
        return fake(status, () -> {
            together.countDown();
            if (!together.await(8, TimeUnit.SECONDS)) {
                waitedAlone.incrementAndGet();
            }
        }, headers);
    }

    private interface Wait {
        void before() throws InterruptedException;
    }

    private HostInfo fake(int status, Wait wait, Map<String, String> headers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try {
                wait.before();
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
