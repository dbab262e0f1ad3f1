package org.fleetstreams.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor.AbortPolicy;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP side, on the JDK's built-in server ({@code com.sun.net.httpserver}; a handful of GET routes need no
 * framework): the REST API over interactive queries, {@code /metrics}, and the dashboard.
 *
 * <pre>
 *   java -jar app/target/app.jar --http-port 8080      # then open http://localhost:8080/
 *   curl localhost:8080/api/fleet                       # every ride, its position, distance, alerts, owner
 *   curl localhost:8080/api/rides/RIDE_ID               # one ride: track, windows, detector, alerts
 *   curl 'localhost:8080/api/alerts?since=0'            # the latest alerts of the fleet
 *   curl localhost:8080/api/instances                   # instances, partitions, stores
 *   curl localhost:8080/metrics                         # Prometheus text
 *   curl localhost:8080/health                          # 200 while Kafka Streams runs (or rebalances), else 503
 * </pre>
 * Use: {@link #bind} first (port 0 = any free port), put {@link #applicationServer()} into the Kafka Streams settings
 * ({@code application.server}), create the {@link KafkaStreams}, then {@link #start}. While Kafka Streams is not
 * RUNNING or a partition is moving, answers are 503 with {@code Retry-After: 2}.
 */
public final class FleetServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetServer.class);

    /**
     * The JDK's server reads a request's headers on one of {@link #executor}'s threads and by default waits for them
     * forever: 64 connections that sent half a request held every thread, and the dashboard and the API refused
     * everyone else until those clients went away. With this JDK setting (seconds; read once per JVM, when the first
     * {@code HttpServer} is created, so an explicit {@code -Dsun.net.httpserver.maxReqTime} wins) such a connection
     * is closed after it; the time a handler takes is not counted.
     */
    static final String HEADER_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";
    static final String HEADER_TIMEOUT_SECONDS = "10";
    /**
     * Likewise for a client that asks and never reads the answer: the thread writing it blocks once the socket's
     * buffers are full. The JDK counts this from the end of the request, so it includes the handler's own time (a
     * fleet-wide answer waits up to 11 s on the other instances) and must be well above it.
     */
    static final String ANSWER_TIMEOUT_PROPERTY = "sun.net.httpserver.maxRspTime";
    static final String ANSWER_TIMEOUT_SECONDS = "60";

    static {
        if (System.getProperty(HEADER_TIMEOUT_PROPERTY) == null) {
            System.setProperty(HEADER_TIMEOUT_PROPERTY, HEADER_TIMEOUT_SECONDS);
        }
        if (System.getProperty(ANSWER_TIMEOUT_PROPERTY) == null) {
            System.setProperty(ANSWER_TIMEOUT_PROPERTY, ANSWER_TIMEOUT_SECONDS);
        }
    }

    private final HttpServer server;
    private final HostInfo advertised;
    // Up to 256 threads, 4 kept. A thread waits for a request's headers (bounded by the timeout above), or for a
    // fleet-wide or forwarded answer from other instances (bounded by Peers' deadline; at most 32 at once, FanOuts): with a
    // fixed 4 two instances each answering four fleet requests waited on each other until the peers' timeout. A
    // thread costs little while it waits, and 256 slow clients are needed to refuse a request for the timeout.
    private final ExecutorService executor = new ThreadPoolExecutor(4, 256, 30,
            TimeUnit.SECONDS, new SynchronousQueue<>(), DaemonThreads.named("http"),
            new AbortPolicy()); // beyond 256: the JDK closes that connection
    /** Null until {@link #start}: the app is still connecting to Kafka ({@link #serveWhileStarting()}). */
    private volatile FleetApi api;
    private volatile PrometheusMetrics metrics;
    private boolean listening;

    private FleetServer(HttpServer server, HostInfo advertised) {
        this.server = server;
        this.advertised = advertised;
    }

    /**
     * @param host the address to listen on, also the name other instances use; 0.0.0.0 (or ::) listens everywhere and
     *             advertises this machine's host name; an IPv6 literal with or without brackets
     */
    public static FleetServer bind(String host, int port) throws IOException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        HttpServer server = HttpServer.create(new InetSocketAddress(name, port), 64);
        if (name.equals("0.0.0.0") || name.equals("::")) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "localhost";
            }
        }
        return new FleetServer(server, new HostInfo(name, server.getAddress().getPort()));
    }

    /**
     * The same server, advertised to the other instances as {@code endpoint} (HOST:PORT) rather than as the address it
     * listens on: an {@code application.server} of the operator's, for an instance that others reach through another
     * name or port (a container's published port). It must be this instance's alone: instances that advertise one
     * address are one instance to Kafka Streams' metadata, which then hides all but one's partitions.
     *
     * @throws org.apache.kafka.common.config.ConfigException when {@code endpoint} is not HOST:PORT
     */
    public FleetServer advertisedAs(String endpoint) {
        return new FleetServer(server, HostInfo.buildFromEndpoint(endpoint));
    }

    /** {@code application.server} for the Kafka Streams settings: HOST:PORT as other instances reach this one. */
    public Map<String, String> applicationServer() {
        return Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, Peers.address(advertised));
    }

    /** The bound on requests to other instances, for tests. */
    FanOuts fanOuts() {
        return api.fanOuts();
    }

    /** The dashboard's address. */
    public String url() {
        return "http://" + Peers.address(advertised) + "/";
    }

    /**
     * Starts serving; a fleet-wide answer must cover the inputs' {@code inputPartitions} partitions (0: the partitions
     * the group's assignments have shown so far), which catches an instance the metadata does not show: one started
     * without an HTTP server owns partitions no answer can cover. A ride's answer carries the thresholds of
     * {@code braking}, the detector's settings of the app this serves.
     */
    public FleetServer start(KafkaStreams streams, int inputPartitions, BrakingConfig braking) {
        return start(streams, new RestoringStores(), inputPartitions, braking);
    }

    /**
     * The same, answering 503 for a store partition that {@code restoring} says is restoring (Kafka Streams answers
     * from it while the instance is RUNNING after a task's corruption): {@code restoring} must be the client's global
     * restore listener, or be told by it ({@code app.StreamsRunner#restoring}).
     */
    public FleetServer start(KafkaStreams streams, RestoringStores restoring, int inputPartitions,
                             BrakingConfig braking) {
        FleetApi ready = new FleetApi(streams, restoring, advertised, inputPartitions, braking);
        metrics = new PrometheusMetrics(streams, ready.local());
        api = ready;
        listen();
        return this;
    }

    /**
     * Serves before there is a Kafka Streams client, while the app connects to Kafka and checks its topics (waiting
     * for its inputs to exist): {@code /api/status} answers 200 with state {@code STARTING}, the dashboard's files
     * load, anything else is a 503 with {@code Retry-After}. Before, the port took connections and answered nothing
     * until then. {@link #start} then serves everything.
     */
    public FleetServer serveWhileStarting() {
        listen();
        return this;
    }

    private synchronized void listen() {
        if (!listening) {
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
            listening = true;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        // A request's body (a GET may carry one; nothing here reads it) is read to its end first: until then the JDK
        // counts the request as still arriving, and its header timeout would cut off a slow fleet-wide answer.
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        Reply reply;
        try {
            String host = exchange.getRequestHeaders().getFirst("Host");
            reply = Requests.hostAllowed(host, server.getAddress().getAddress().isLoopbackAddress(), advertised.host())
                    ? route(exchange)
                    : Reply.error(403, "Host " + host + " is not this server's name: on a loopback address it answers"
                            + " to localhost (and " + advertised.host() + ") only");
        } catch (Unavailable e) {
            reply = Reply.error(503, e.getMessage());
        } catch (Requests.BadRequest e) {
            reply = Reply.error(400, e.getMessage());
        } catch (UnknownStateStoreException | InvalidStateStorePartitionException e) { // a bug, not a moment
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = Reply.error(500, INTERNAL_ERROR);
        } catch (InvalidStateStoreException e) { // not started yet, or rebalancing
            reply = Reply.error(503, e.getMessage());
        } catch (IllegalStateException e) {
            if (Requests.streamsStopped(e)) { // Kafka Streams stopped between the state check and the query
                reply = Reply.error(503, e.getMessage());
            } else {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = Reply.error(500, INTERNAL_ERROR);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = Reply.error(500, INTERNAL_ERROR);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        try (exchange) {
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            // Some answers echo what was asked (a path in a 404, a parameter in a 400): a browser must not read them as
            // anything but their type. No frame protection: a course's notebook may show the dashboard in an iframe.
            exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
            if (head) {
                exchange.getResponseHeaders().add("Content-Length", String.valueOf(reply.body().length));
            }
            exchange.sendResponseHeaders(reply.status(), head || reply.body().length == 0 ? -1 : reply.body().length);
            if (!head && reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    /** A 500's body: what failed stays in the app's log, not in an answer to whoever asked. */
    static final String INTERNAL_ERROR = "internal error: the app's log file has what failed";

    private Reply route(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Reply refused = Reply.error(405, method + " is not allowed: GET (or HEAD) only");
            return new Reply(405, refused.contentType(), refused.body(), Map.of("Allow", "GET, HEAD"));
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = Requests.query(exchange.getRequestURI().getRawQuery());
        ApiRoute.checkNames(path, query);
        boolean forwarded = exchange.getRequestHeaders().containsKey(Peers.FORWARDED);
        if (path.equals("/")) {
            // the page reads its own query (?tiles=): kept, as it came (the JDK's server has already refused with a 400
            // a request whose URI holds what a Location header could not: spaces, control characters)
            String raw = exchange.getRequestURI().getRawQuery();
            return new Reply(302, "text/plain", new byte[0],
                    Map.of("Location", "/dashboard/" + (raw == null || raw.isEmpty() ? "" : "?" + raw)));
        }
        if (api == null) {
            return starting(path);
        }
        if (path.equals("/metrics")) {
            return new Reply(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
        }
        ApiRoute fixed = ApiRoute.of(path);
        if (fixed != null) {
            return fixed.answer(api, query);
        }
        if (path.startsWith(ApiRoute.RIDES) && path.length() > ApiRoute.RIDES.length()) {
            String raw = Requests.utf8Path(exchange.getRequestURI().getRawPath());
            return api.ride(raw.substring(ApiRoute.RIDES.length()), forwarded,
                    forwarded && exchange.getRequestHeaders().containsKey(Peers.SEARCH));
        }
        Reply file = StaticFiles.get(path);
        return file != null ? file : Reply.error(404, "no such path: " + path);
    }

    private Reply starting(String path) {
        if (path.equals(ApiRoute.STATUS.path())) {
            return Reply.json(StreamsStatus.starting(Peers.address(advertised)).toString());
        }
        if (path.equals(ApiRoute.HEALTH.path())) {
            return StreamsStatus.health("STARTING", false);
        }
        Reply file = StaticFiles.get(path);
        if (file != null) {
            return file;
        }
        throw new Unavailable("the app is starting: it connects to Kafka and checks its topics first");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        if (metrics != null) {
            metrics.close();
        }
    }
}
