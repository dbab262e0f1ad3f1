package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;

/**
 * Test helpers: a pipeline replaying data/sample, app instances with their HTTP servers on free ports, plain GETs, GETs
 * that must be 200, repeated while an answer is not the awaited one, or many at once.
 */
final class ServeCluster {

    static final Path SAMPLE = Path.of("..", "data", "sample");
    /**
     * Event time of offset 0: now, as in the demo. Window-store changelogs are compact,delete with the store's retention
     * plus a day; records of an old epoch are old for the broker too, which deletes them from the changelog (rolled
     * segments past retention), so a restored window store would miss its oldest windows.
     */
    static final Instant EPOCH = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One app instance: Kafka Streams and its HTTP server. */
    record Instance(StreamsRunner app, FleetServer http) implements AutoCloseable {
        KafkaStreams streams() {
            return app.streams();
        }

        String url(String path) {
            return http.url() + path.substring(1);
        }

        /** Its HTTP server's host:port, as fleet answers name an owner. */
        String hostPort() {
            return http.url().replaceAll("^http://|/$", "");
        }

        @Override
        public void close() {
            app.close();
            http.close();
        }
    }

    private ServeCluster() {
    }

    /** A fresh embedded broker with 4-partition topics {@code prefix-...}; the app as {@code applicationId}. */
    static LocalPipeline pipeline(String prefix, String applicationId, Path stateDir) {
        return LocalPipeline.builder().topics(Topics.withPrefix(prefix))
                .app(c -> c.withApplicationId(applicationId).withStateDir(stateDir))
                .replay(Replay.of(SAMPLE).withEpoch(EPOCH)).start();
    }

    /** An instance of {@code config} on the pipeline, with its HTTP server on a free port, started. */
    static Instance start(LocalPipeline pipeline, AppConfig config, Map<String, String> overrides) throws IOException {
        FleetServer http = FleetServer.bind("localhost", 0);
        AppConfig given = config.withOverrides(overrides);
        StreamsRunner app = pipeline.newApp(given.withOverrides(http.applicationServer()));
        http.start(app.streams(), app.restoring(), pipeline.partitions(), given.braking());
        app.start();
        return new Instance(app, http);
    }

    static void awaitCommitted(LocalPipeline pipeline, String applicationId) throws InterruptedException {
        if (!pipeline.awaitCommitted(applicationId, Duration.ofSeconds(180))) {
            throw new AssertionError(applicationId + " still has " + pipeline.inputLag(applicationId) + " records to commit");
        }
    }

    /** Any method, no body. */
    static HttpResponse<String> request(String method, String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET {@code url}, which must answer 200. */
    static HttpResponse<String> ok(String url) {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return r;
    }

    /** GETs {@code url} every {@code pauseMs} while its answer is {@code waiting}, up to {@code timeout}: the last answer. */
    static HttpResponse<String> getWhile(String url, Predicate<HttpResponse<String>> waiting, Duration timeout,
                                         long pauseMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> answer = get(url);
        while (waiting.test(answer) && System.nanoTime() < deadline) {
            Thread.sleep(pauseMs);
            answer = get(url);
        }
        return answer;
    }

    /** {@code requests} GETs of {@code path} at once on each instance, 16 at a time: the answers, each within 60 s. */
    static List<HttpResponse<String>> getAtOnce(String path, int requests, List<Instance> instances) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int n = 0; n < requests; n++) {
                for (Instance i : instances) {
                    answers.add(clients.submit(() -> get(i.url(path))));
                }
            }
            List<HttpResponse<String>> out = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                out.add(answer.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            clients.shutdownNow();
        }
    }
}
