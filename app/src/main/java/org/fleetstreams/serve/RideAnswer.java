package org.fleetstreams.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.Json;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.overview.RideState;

/**
 * GET /api/rides/{id}: the instance whose active task holds the ride's partition answers
 * ({@link MetadataService#ride}); any other instance forwards the request to it and passes the answer
 * through. When the owner cannot answer (unreachable, 503 while the group rebalances, or an instance without
 * {@code --http-port}, which cannot be asked) and this instance keeps a standby replica of the partition
 * ({@code num.standby.replicas} ≥ 1) that holds the ride, it answers from the standby, marked {@code "stale": true}
 * with the standby's {@code lag_records}; else 503 with Retry-After (a standby not restored that far gives no answer,
 * not a 404). A ride that is not where
 * its key hashes to (another producer's partitioner, or records keyed by their uuid) is looked for in every partition
 * of every instance.
 */
final class RideAnswer {

    private static final ObjectMapper JSON = Json.mapper();
    /** The answer's windows: the latest 40 (10 minutes of 30 s windows every 15 s). */
    static final int WINDOW_LIMIT = 40;

    private final MetadataService metadata;
    private final HostInfo self;
    private final LocalStores local;
    private final Peers peers;
    private final StandbyLags lags;
    private final FanOuts fanOuts;
    private final BrakingConfig braking;

    /** @param braking the detector's settings, whose thresholds an answer carries for the dashboard's chart */
    RideAnswer(KafkaStreams streams, MetadataService metadata, LocalStores local, Peers peers, FanOuts fanOuts,
               BrakingConfig braking) {
        this.braking = braking;
        this.metadata = metadata;
        this.self = metadata.self();
        this.local = local;
        this.peers = peers;
        this.lags = new StandbyLags(streams);
        this.fanOuts = fanOuts;
    }

    /**
     * @param forwarded another instance forwarded the request: answer from this instance's stores only
     * @param search    another instance is looking for a ride that is not where its key hashes to: answer from any
     *                  active partition here, or 404
     */
    Reply answer(String ride, boolean forwarded, boolean search) {
        if (search) {
            LocalStores.Search here = local.searchActive(ride);
            return here.partition() < 0 ? notFoundIn(ride, here.searched()) : fromStores(ride, here.partition(), true);
        }
        Reply byKey = byKey(ride, forwarded);
        if (byKey.status() != 404 || forwarded) {
            return byKey;
        }
        // Not in the partition Kafka's Java partitioner gives its key (murmur2), which is where queryMetadataForKey
        // looks: its producer partitioned otherwise, as librdkafka's clients (Python's confluent-kafka, Go, .NET) do by
        // default (CRC32). The app itself is per partition and does not mind; the answer looks in every partition.
        LocalStores.Search here = local.searchActive(ride);
        if (here.partition() >= 0) {
            return fromStores(ride, here.partition(), true);
        }
        return fanOuts.call(() -> searchPeers(peers, metadata.others(), self, ride, byKey, here.searched(),
                metadata.knownPartitions()));
    }

    /** A search's 404, naming the partitions it looked in ({@value Peers#SEARCHED}). */
    static Reply notFoundIn(String ride, SortedSet<Integer> searched) {
        return Reply.json(404, "{\"error\":" + Reply.quote("no ride " + ride) + "}", Map.of(Peers.SEARCHED,
                searched.stream().map(String::valueOf).collect(Collectors.joining(","))));
    }

    /**
     * Asks every other instance at once for a ride that is not where its key hashes to: the answer of the first (in
     * {@code others}' order) that has it, else {@code notFound}; {@link Unavailable} when none has it and one of them
     * did not say so (unreachable, slower than {@link Peers}' deadline, a 503), as the ride may be there, or when
     * some partition was searched by no instance (restoring, moving in a rebalance, or held by an instance without
     * {@code --http-port}, which no one can ask): "no such ride" only when every partition said no. All within the one
     * deadline of {@link Peers#searchEach} (11 s), waiting for the slowest: one instance after another, an unknown
     * ride took up to 11 s per instance, and past the JDK server's 60 s for an answer the client got none.
     *
     * @param searchedHere the partitions this instance looked in
     * @param all          every input partition
     */
    static Reply searchPeers(Peers peers, List<HostInfo> others, HostInfo self, String ride, Reply notFound,
                             Set<Integer> searchedHere, Set<Integer> all) {
        List<HttpResponse<byte[]>> answers = peers.searchEach(others, ApiRoute.RIDES + pathSegment(ride));
        String unanswered = null;
        SortedSet<Integer> unsearched = new TreeSet<>(all);
        unsearched.removeAll(searchedHere);
        for (int i = 0; i < others.size(); i++) {
            HttpResponse<byte[]> r = answers.get(i);
            if (r != null && r.statusCode() == 200) {
                return passedOn(r, others.get(i), self);
            }
            if (r == null || r.statusCode() != 404) {
                unanswered = "instance " + name(others.get(i)) + (r == null ? " did not answer" : " answered "
                        + r.statusCode()) + " looking for ride " + ride;
            } else {
                r.headers().firstValue(Peers.SEARCHED).ifPresent(list -> Arrays.stream(list.split(","))
                        .filter(p -> !p.isBlank()).forEach(p -> unsearched.remove(Integer.valueOf(p.trim()))));
            }
        }
        if (unanswered != null) {
            throw new Unavailable(unanswered);
        }
        if (!unsearched.isEmpty()) {
            throw new Unavailable("no instance that answered has ride " + ride + ", and partition(s) " + unsearched
                    + " were searched by none: restoring, moving in a rebalance, or held by an instance without"
                    + " --http-port");
        }
        return notFound;
    }

    /** Where the metadata puts the ride ({@link MetadataService#ride}): here, or forwarded to its owner. */
    private Reply byKey(String ride, boolean forwarded) {
        KeyQueryMetadata meta = metadata.ride(ride);
        HostInfo owner = meta.activeHost();
        if (owner.equals(self)) {
            return fromStores(ride, meta.partition(), true);
        }
        if (!MetadataService.servesHttp(owner)) {
            return fromStandbyOr(ride, meta, new Unavailable("ride " + ride + " is in partition " + meta.partition()
                    + ", which no instance that serves HTTP holds right now: moving in a rebalance, or owned by an"
                    + " instance without --http-port (give every instance --http-port)"));
        }
        if (forwarded) {
            throw new Unavailable("ride " + ride + " moved to " + name(owner));
        }
        try {
            // a forward holds this server thread while the owner answers: it counts among the requests to other instances
            HttpResponse<byte[]> r = fanOuts.call(() -> peers.get(owner, ApiRoute.RIDES + pathSegment(ride)));
            if (r.statusCode() == 503) {
                Reply stale = fromStandby(ride, meta);
                if (stale != null) {
                    return stale;
                }
            }
            return passedOn(r, owner, self);
        } catch (Unavailable e) {
            return fromStandbyOr(ride, meta, e);
        }
    }

    /**
     * Another instance's answer, passed on to the client: its status and body, {@code X-Served-By} as that instance
     * says it (itself, or its standby replica) or else its name, {@code X-Forwarded-From} this one, and its
     * {@code X-Stale} and {@code Retry-After} as they are, so a client reads a stale answer by its header whichever
     * instance it asked.
     */
    static Reply passedOn(HttpResponse<byte[]> answer, HostInfo peer, HostInfo self) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Served-By", answer.headers().firstValue("X-Served-By").orElse(name(peer)));
        headers.put("X-Forwarded-From", name(self));
        for (String kept : List.of("X-Stale", "Retry-After")) {
            answer.headers().firstValue(kept).ifPresent(v -> headers.put(kept, v));
        }
        return new Reply(answer.statusCode(), Reply.JSON, answer.body(), headers);
    }

    /** The standby's answer ({@link #fromStandby}), or {@code why} the owner's could not be had. */
    private Reply fromStandbyOr(String ride, KeyQueryMetadata meta, Unavailable why) {
        Reply stale = fromStandby(ride, meta);
        if (stale == null) {
            throw why;
        }
        return stale;
    }

    /**
     * The answer from this instance's standby replica of the ride's partition, or null without one, or when the
     * replica does not hold the ride: a standby may not have restored it yet, so its "no such ride" is no answer.
     */
    private Reply fromStandby(String ride, KeyQueryMetadata meta) {
        if (!meta.standbyHosts().contains(self)) {
            return null;
        }
        try {
            Reply stale = fromStores(ride, meta.partition(), false);
            return stale.status() == 404 ? null : stale;
        } catch (Unavailable e) {
            return null;
        }
    }

    private Reply fromStores(String ride, int partition, boolean active) {
        RideState state = local.ride(ride, partition, active);
        if (state == null) {
            return Reply.error(404, "no ride " + ride);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ride_id", ride);
        answer.put("owner", active ? name(self) : null);
        answer.put("partition", partition);
        answer.put("stale", !active);
        if (!active) {
            answer.put("served_from", "standby on " + name(self));
            answer.put("lag_records", standbyLag(partition));
        }
        answer.set("overview", JSON.valueToTree(state));
        List<CarSummary> windows = local.windows(ride, partition, active);
        answer.set("windows", JSON.valueToTree(windows.subList(Math.max(0, windows.size() - WINDOW_LIMIT), windows.size())));
        answer.set("detector", detector(local.detector(ride, partition, active), state, braking));
        return Reply.json(200, answer.toString(), active ? Map.of() : Map.of("X-Served-By", name(self), "X-Stale", "true"));
    }

    /** How many changelog records the standby of the ride-overview store is behind (−1 if unknown). */
    private long standbyLag(int partition) {
        return lags.lag(RideOverview.STORE, partition);
    }

    /**
     * The detector's calibration: forward axis fitted or not, the fit's R², pairs, whether the readings are off the g
     * scale, and the latest alert's confidence;
     * and the thresholds it runs with ({@code braking.enter.g}, {@code braking.leave.g}), which the dashboard draws.
     */
    private static ObjectNode detector(DetectorState d, RideState ride, BrakingConfig braking) {
        ObjectNode node = JSON.createObjectNode();
        node.put("known", d != null);
        if (d != null) {
            node.put("axis_fitted", d.calibrated());
            node.put("axis_source", d.axisSource());
            node.put("r2", Double.isFinite(d.r2()) ? d.r2() : 0);
            node.put("pairs", d.calibrationPairs());
            // readings not in g (m/s²: gravity 9.8): the detector runs nothing on them
            node.put("gravity_off_scale", d.gravityOffScale());
        }
        node.put("last_alert_confidence", ride.alerts().isEmpty() ? null : ride.alerts().get(ride.alerts().size() - 1).confidence());
        node.put("enter_g", braking.enterG());
        node.put("leave_g", braking.leaveG());
        return node;
    }

    private static String name(HostInfo host) {
        return Peers.address(host);
    }

    /** A ride id as one path segment: URLEncoder writes a space as '+', which a path keeps as a '+'. */
    static String pathSegment(String ride) {
        return URLEncoder.encode(ride, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
