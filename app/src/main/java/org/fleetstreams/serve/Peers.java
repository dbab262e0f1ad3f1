package org.fleetstreams.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/**
 * GET requests to the other instances of the application (their {@code application.server}). A request this
 * instance forwards carries {@value #FORWARDED} so that the other instance answers from its own state and never
 * forwards it again.
 */
final class Peers {

    static final String FORWARDED = "X-Fleetstreams-Forwarded";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** The peer's answer; a peer that cannot be reached is {@link Unavailable}. */
    HttpResponse<byte[]> get(HostInfo host, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).header(FORWARDED, "1").GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable("instance " + host.host() + ":" + host.port() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }
}
