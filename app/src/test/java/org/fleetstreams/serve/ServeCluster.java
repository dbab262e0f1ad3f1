package org.fleetstreams.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;

/** Test helpers: app instances with their HTTP servers on free ports, the sample replay, plain GETs. */
final class ServeCluster {

    static final Path SAMPLE = Path.of("..", "data", "sample");
    /**
     * Event time of offset 0: now, as in the demo. Window-store changelogs are compact,delete with the store's retention
     * plus a day; records of an old epoch are old for the broker too, which deletes them from the changelog (rolled
     * segments past retention), so a restored window store would miss its oldest windows.
     */
    static final Instant EPOCH = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One app instance: Kafka Streams and its HTTP server. */
    record Instance(KafkaStreams streams, FleetServer http) implements AutoCloseable {
        String url(String path) {
            return http.url() + path.substring(1);
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
            http.close();
        }
    }

    private ServeCluster() {
    }

    static AppConfig config(String bootstrap, Topics topics, String applicationId, Path stateDir) {
        return AppConfig.defaults(bootstrap, topics).withApplicationId(applicationId).withStateDir(stateDir);
    }

    static Instance start(AppConfig config, Map<String, String> overrides) throws IOException {
        FleetServer http = FleetServer.bind("localhost", 0);
        AppConfig c = config.withOverrides(overrides).withOverrides(http.applicationServer());
        KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(c), c.streamsProperties());
        http.start(streams);
        streams.start();
        return new Instance(streams, http);
    }

    static void createTopics(String bootstrap, Topics topics) {
        org.fleetstreams.app.RealBrokerRun.createTopics(bootstrap, topics);
    }

    /** data/sample through the replayer at max speed; returns the last event time. */
    static long replaySample(String bootstrap, Topics topics) {
        java.io.StringWriter err = new java.io.StringWriter();
        ReplayJob job = new ReplayJob(ReplayConfig.defaults(SAMPLE, bootstrap, topics).withSpeed(Double.POSITIVE_INFINITY)
                .withEpoch(EPOCH).withProgressInterval(Duration.ZERO).withConnectTimeout(Duration.ofSeconds(30)),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
                WallClock.SYSTEM);
        int code = job.run();
        if (code != ReplayJob.OK) {
            throw new AssertionError("replay failed with " + code + ": " + err);
        }
        return job.progress().stats().maxEventTime();
    }

    static void awaitCommitted(String bootstrap, Topics topics, String applicationId) throws InterruptedException {
        Properties client = new Properties();
        client.put("bootstrap.servers", bootstrap);
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        try (var admin = KafkaConnection.connect(client, Duration.ofSeconds(30))) {
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(30));
            long lag;
            while ((lag = setup.groupLag(applicationId, topics.inputs())) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(applicationId + " still has " + lag + " records to commit");
                }
                Thread.sleep(300);
            }
        }
    }

    static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
