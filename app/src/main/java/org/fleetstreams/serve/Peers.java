package org.fleetstreams.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * GET requests to the other instances of the application (their {@code application.server}). A request this
 * instance forwards carries {@value #FORWARDED} so that the other instance answers from its own state and never
 * forwards it again.
 */
final class Peers {

    static final String FORWARDED = "X-Fleetstreams-Forwarded";
    /** On a forwarded ride request: look in every active partition, not only where the key hashes to. */
    static final String SEARCH = "X-Fleetstreams-Search";
    /** On a search's 404: the partitions it looked in, e.g. "0,3" (an active one that could not answer is not). */
    static final String SEARCHED = "X-Fleetstreams-Searched";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** How long a peer may take to answer before the client gets a 503 (a large fleet's track on a busy machine). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * HOST:PORT as a URL and {@code application.server} write it: an IPv6 literal in brackets ({@code [::1]:8080}),
     * since a bare {@code ::1:8080} is no URL authority.
     */
    static String address(HostInfo host) {
        return (host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
    }

    /** The peer's answer; a peer that cannot be reached is {@link Unavailable}. */
    HttpResponse<byte[]> get(HostInfo host, String pathAndQuery) {
        return getAll(List.of(host), pathAndQuery).get(0);
    }

    /**
     * Every peer's answer to a ride request that it should look for in every active partition it has, asked all at
     * once, each on its own: a peer that fails is a {@code null} in its place ({@link #getEach}).
     */
    List<HttpResponse<byte[]>> searchEach(List<HostInfo> hosts, String pathAndQuery) {
        return ask(hosts, pathAndQuery, true, true);
    }

    /** Every peer's answer, asked all at once (a fleet-wide answer waits for the slowest, not for their sum). */
    List<HttpResponse<byte[]>> getAll(List<HostInfo> hosts, String pathAndQuery) {
        return ask(hosts, pathAndQuery, false, false);
    }

    /**
     * Every peer's answer, asked all at once, each on its own: a peer that fails (unreachable, too slow) is a
     * {@code null} in its place instead of failing the others' answers.
     */
    List<HttpResponse<byte[]>> getEach(List<HostInfo> hosts, String pathAndQuery) {
        return ask(hosts, pathAndQuery, false, true);
    }

    /** The peers' answers; a failed one is a null when {@code eachOnItsOwn}, else it fails them all (Unavailable). */
    private List<HttpResponse<byte[]>> ask(List<HostInfo> hosts, String pathAndQuery, boolean search,
                                           boolean eachOnItsOwn) {
        List<CompletableFuture<HttpResponse<byte[]>>> asked = hosts.stream()
                .map(h -> send(h, pathAndQuery, search)).toList();
        List<HttpResponse<byte[]>> answers = new ArrayList<>();
        // The request timeout ends once a response's headers have come (JDK-8258397): a peer that stalls in the middle
        // of its body would hold this thread until TCP gives up. So the whole wait has a deadline of its own.
        long deadline = System.nanoTime() + TIMEOUT.toNanos() + Duration.ofSeconds(1).toNanos();
        for (int i = 0; i < hosts.size(); i++) {
            HostInfo host = hosts.get(i);
            String failure;
            try {
                answers.add(asked.get(i).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
                continue;
            } catch (TimeoutException e) {
                failure = "instance " + address(host) + " did not answer within " + (TIMEOUT.toSeconds() + 1) + " s";
            } catch (ExecutionException e) {
                failure = "instance " + address(host) + " did not answer: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                asked.forEach(f -> f.cancel(true));
                throw new Unavailable("interrupted");
            }
            if (!eachOnItsOwn) {
                asked.forEach(f -> f.cancel(true));
                throw new Unavailable(failure);
            }
            asked.get(i).cancel(true);
            answers.add(null);
        }
        return answers;
    }

    /**
     * The request on its way; for a peer whose address makes no URL (an {@code application.server} with {@code _}
     * or {@code %}, which Kafka takes: {@link AdvertisedAddress}), a future failed already. That peer then fails on its
     * own in {@link #ask}, as one that does not answer: named by the status, 503 for the rest. Thrown from here, it
     * failed every answer that asks the peers, the status included, with a 500.
     */
    private CompletableFuture<HttpResponse<byte[]>> send(HostInfo host, String pathAndQuery, boolean search) {
        try {
            return client.sendAsync(request(host, pathAndQuery, search), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            String why = AdvertisedAddress.problem(host.host());
            return CompletableFuture.failedFuture(new IllegalArgumentException(why != null ? why : e.getMessage(), e));
        }
    }

    private static HttpRequest request(HostInfo host, String pathAndQuery, boolean search) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + address(host) + pathAndQuery))
                .timeout(TIMEOUT).header(FORWARDED, "1");
        return (search ? b.header(SEARCH, "1") : b).GET().build();
    }
}
