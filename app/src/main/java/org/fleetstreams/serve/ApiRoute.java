package org.fleetstreams.serve;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The REST API's fixed paths: for each, the query parameters it takes and how {@link FleetApi} answers it. One table,
 * so that a path cannot be routed without saying what it takes ({@link FleetServer} routes by it, and refuses a
 * parameter it does not list). {@code /api/rides/{id}} is the one path with a variable part, and takes none.
 */
enum ApiRoute {

    FLEET("/api/fleet", Set.of("track"), (api, q) -> api.fleet(Requests.flag(q, "track"))),
    ALERTS("/api/alerts", Set.of("since"), (api, q) -> api.alerts(Requests.millis(q, "since"))),
    INSTANCES("/api/instances", Set.of(), (api, q) -> api.instances()),
    /** The path Confluent's examples use for the same answer. */
    INSTANCES_SHORT("/instances", Set.of(), (api, q) -> api.instances()),
    STATUS("/api/status", Set.of(), (api, q) -> api.status()),
    /** The liveness and readiness probe ({@link StreamsStatus#health}). */
    HEALTH("/health", Set.of(), (api, q) -> api.health()),
    LOCAL_FLEET("/api/local/fleet", Set.of("track"),
            (api, q) -> Reply.json(api.localFleet(Requests.flag(q, "track")).toString())),
    LOCAL_ALERTS("/api/local/alerts", Set.of("since"),
            (api, q) -> Reply.json(api.localAlerts(Requests.millis(q, "since")).toString())),
    LOCAL_STATUS("/api/local/status", Set.of(), (api, q) -> Reply.json(api.localStatus().toString()));

    /** One ride, answered by {@link FleetApi#ride}: the path's rest is the ride id. */
    static final String RIDES = "/api/rides/";

    private static final Map<String, ApiRoute> BY_PATH = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(r -> r.path, Function.identity()));

    private final String path;
    private final Set<String> parameters;
    private final BiFunction<FleetApi, Map<String, String>, Reply> answer;

    ApiRoute(String path, Set<String> parameters, BiFunction<FleetApi, Map<String, String>, Reply> answer) {
        this.path = path;
        this.parameters = parameters;
        this.answer = answer;
    }

    /** The route of {@code path}, or null for a ride, the dashboard's files, {@code /metrics} and unknown paths. */
    static ApiRoute of(String path) {
        return BY_PATH.get(path);
    }

    /** The path itself, for a peer's request and for the routing. */
    String path() {
        return path;
    }

    Reply answer(FleetApi api, Map<String, String> query) {
        return answer.apply(api, query);
    }

    /**
     * Refuses (400) a parameter an API path does not take: {@code ?tracks=1} or {@code ?sinse=5} would otherwise be
     * a quiet default, the answer to another question. Other paths take any: the dashboard's files (its page reads
     * its own {@code ?tiles=}), {@code /metrics} (a Prometheus job may send {@code params}), and paths that are a 404.
     * Nor may an API path's parameter come twice.
     */
    static void checkNames(String path, Map<String, String> query) {
        ApiRoute route = of(path);
        if (route == null && !path.startsWith(RIDES)) {
            return;
        }
        Set<String> known = route == null ? Set.of() : route.parameters;
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw new Requests.BadRequest(path + " takes " + (known.isEmpty() ? "no query parameter"
                        : "only " + String.join(", ", new TreeSet<>(known))) + ", not '" + name + "'");
            }
        }
        Set<String> repeated = Requests.repeated(query);
        if (!repeated.isEmpty()) {
            throw new Requests.BadRequest(path + " takes " + repeated.iterator().next()
                    + " once: which of its values was meant?");
        }
    }
}
