package org.fleetstreams.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Json;
import org.fleetstreams.overview.RideState;

/**
 * The REST answers (docs/dashboard.md has examples). The fleet, the alerts and the status are gathered from every
 * instance ({@code /api/local/...} on each, merged here); one ride is answered by the instance that owns its partition,
 * and a request for a ride owned by another instance is forwarded to it. Every answer is computed from the stores, so
 * all instances give the same content.
 */
final class FleetApi {

    private static final ObjectMapper JSON = Json.mapper();
    private static final int ALERT_LIMIT = 200;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final MetadataService metadata;
    private final LocalStores local;
    private final Peers peers = new Peers();
    private final StreamsStatus status;
    private final RideAnswer rides;

    /**
     * @param inputPartitions the inputs' partition count, each of which an answer must cover (0: as the metadata shows)
     * @param braking         the detector's settings (a ride's answer carries its thresholds)
     */
    FleetApi(KafkaStreams streams, RestoringStores restoring, HostInfo self, int inputPartitions, BrakingConfig braking) {
        this.streams = streams;
        this.self = self;
        this.metadata = new MetadataService(streams, self, inputPartitions);
        this.local = new LocalStores(streams, restoring);
        this.status = new StreamsStatus(streams);
        this.rides = new RideAnswer(streams, metadata, local, peers, fanOuts, braking);
    }

    /** Requests to the other instances in progress at most, this class's and {@link RideAnswer}'s. */
    private final FanOuts fanOuts = new FanOuts();

    LocalStores local() {
        return local;
    }

    FanOuts fanOuts() {
        return fanOuts;
    }

    /** GET /api/fleet[?track=1]: every ride, sorted by id (then partition), with its owner (and its recent track as [lat, lon] pairs). */
    Reply fleet(boolean track) {
        String peerPath = ApiRoute.LOCAL_FLEET.path() + (track ? "?track=1" : "");
        List<JsonNode> sorted = FleetParts.merge(partsOfEveryInstance(localFleet(track), peerPath), "rides",
                FleetParts.RIDE_IDENTITY);
        sorted.sort(FleetParts.RIDE_ORDER);
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("rides").addAll(sorted);
        return Reply.json(answer.toString());
    }

    /** GET /api/local/fleet: this instance's rides, and the partitions it answered for. */
    ObjectNode localFleet(boolean track) {
        LocalStores.Share share = local.share();
        ObjectNode answer = part(share);
        ArrayNode rides = answer.putArray("rides");
        for (LocalStores.LocalRide r : share.rides()) {
            ObjectNode row = JSON.valueToTree(r.state().summary());
            row.remove(List.of("track", "alerts"));
            row.put("owner", owner());
            row.put("partition", r.partition());
            RideState s = r.state();
            row.put("last_alert_severity", s.alerts().isEmpty() ? null : s.alerts().get(s.alerts().size() - 1).severity());
            row.put("last_alert_end", s.alerts().isEmpty() ? null : s.alerts().get(s.alerts().size() - 1).endTime());
            if (track) {
                ArrayNode points = row.putArray("track");
                s.track().forEach(p -> points.addArray().add(p.lat()).add(p.lon()));
            }
            rides.add(row);
        }
        return answer;
    }

    /** GET /api/rides/{id}: see {@link RideAnswer}. */
    Reply ride(String ride, boolean forwarded, boolean search) {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            throw new Unavailable("Kafka Streams is " + state);
        }
        return rides.answer(ride, forwarded, search);
    }

    /**
     * GET /api/alerts?since=MS: the latest {@value #ALERT_LIMIT} alerts across the fleet that ended after MS, newest
     * first, and whether more matched ({@code truncated}).
     */
    Reply alerts(long since) {
        String peerPath = ApiRoute.LOCAL_ALERTS.path() + "?since=" + since;
        List<JsonNode> parts = partsOfEveryInstance(localAlerts(since), peerPath);
        List<JsonNode> sorted = FleetParts.merge(parts, "alerts", FleetParts.ALERT_IDENTITY);
        sorted.sort(FleetParts.ALERT_ORDER);
        ObjectNode answer = FleetParts.putNewest(JSON.createObjectNode(), sorted, ALERT_LIMIT,
                FleetParts.anyTruncated(parts), n -> n);
        return Reply.json(answer.toString());
    }

    /** GET /api/local/alerts: this instance's alerts that ended after {@code since}, and the partitions it answered for. */
    ObjectNode localAlerts(long since) {
        LocalStores.Share share = local.share();
        ObjectNode answer = part(share);
        // Only this instance's newest ALERT_LIMIT: the merged answer keeps the newest ALERT_LIMIT of all, so no other
        // can be in it, and a peer need not ship up to 50 alerts of every ride it holds, each second the dashboard asks.
        List<HarshBrakingAlert> found = new ArrayList<>();
        for (LocalStores.LocalRide r : share.rides()) {
            for (HarshBrakingAlert a : r.state().alerts()) {
                if (a.endTime() > since) {
                    found.add(a);
                }
            }
        }
        // The merged answer's order (FleetParts.ALERT_ORDER), so that the part is cut where the merged answer would be.
        found.sort(Comparator.comparingLong(HarshBrakingAlert::endTime).reversed().thenComparing(HarshBrakingAlert::rideId,
                Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Comparator.comparingLong(HarshBrakingAlert::startTime).reversed()));
        return FleetParts.putNewest(answer, found, ALERT_LIMIT, false, JSON::valueToTree);
    }

    /** An instance's part of a fleet-wide answer: the partitions it answered for; the caller adds what it found. */
    private static ObjectNode part(LocalStores.Share share) {
        ObjectNode part = JSON.createObjectNode();
        part.set("partitions", JSON.valueToTree(share.partitions()));
        return part;
    }

    /**
     * This instance's part and every other instance's ({@code localPath}), this one's first, provided that together
     * they answered for every partition, else {@link Unavailable}. A part that names no partitions (an older
     * instance's bare array) covers none.
     */
    private List<JsonNode> partsOfEveryInstance(ObjectNode mine, String localPath) {
        List<JsonNode> parts = new ArrayList<>();
        parts.add(mine);
        parts.addAll(fromPeers(localPath));
        FleetParts.Coverage coverage = new FleetParts.Coverage(mine);
        parts.subList(1, parts.size()).forEach(coverage::add);
        coverage.requireAll(metadata.knownPartitions());
        return parts;
    }

    /** GET /api/instances: every instance of the application, its partitions and stores (like Confluent's examples). */
    Reply instances() {
        ArrayNode list = JSON.createArrayNode();
        for (StreamsMetadata m : metadata.instances()) {
            ObjectNode node = list.addObject();
            node.put("host", m.hostInfo().host());
            node.put("port", m.hostInfo().port());
            node.put("self", m.hostInfo().equals(self));
            node.set("partitions", JSON.valueToTree(m.topicPartitions().stream().map(Object::toString).sorted().toList()));
            node.set("standby_partitions", JSON.valueToTree(m.standbyTopicPartitions().stream().map(Object::toString).sorted().toList()));
            node.set("stores", JSON.valueToTree(m.stateStoreNames().stream().sorted().toList()));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("self", owner());
        answer.put("state", streams.state().toString());
        answer.set("instances", list);
        return Reply.json(answer.toString());
    }

    /**
     * GET /api/status: state, input rate and consumer lag, summed over the instances that answer. Each peer counts on
     * its own: one that is down or slow is named in {@code instances_not_answering} and leaves the others' figures in
     * the sums (the status answers in every state, so it must not need a RUNNING group either). The input partitions
     * no answering instance holds are in {@code partitions_not_answering}: an instance without {@code --http-port} is
     * in no metadata, so it cannot be named, but the sums lack its partitions and this says which.
     */
    Reply status() {
        ObjectNode answer = status.local(owner());
        double rate = answer.path("input_rate").asDouble();
        long lag = answer.path("lag_records").asLong();
        List<HostInfo> answering = new ArrayList<>(List.of(self));
        ArrayNode missing = JSON.createArrayNode();
        List<HostInfo> others = metadata.othersIfKnown();
        List<HttpResponse<byte[]>> responses = others.isEmpty() ? null
                : fanOuts.callOr(() -> peers.getEach(others, ApiRoute.LOCAL_STATUS.path()), () -> null);
        if (responses != null) {
            for (int i = 0; i < others.size(); i++) {
                HttpResponse<byte[]> r = responses.get(i);
                JsonNode peer;
                try {
                    peer = r == null || r.statusCode() != 200 ? null : parse(r.body());
                } catch (Unavailable e) {
                    peer = null; // invalid JSON: as good as no answer
                }
                if (peer == null) {
                    missing.add(Peers.address(others.get(i)));
                    continue;
                }
                rate += peer.path("input_rate").asDouble();
                lag += peer.path("lag_records").asLong();
                answering.add(others.get(i));
            }
        } else {
            others.forEach(h -> missing.add(Peers.address(h)));
        }
        return Reply.json(StreamsStatus.withFleet(answer, rate, lag, answering.size(), missing,
                metadata.partitionsNotHeldBy(answering)).toString());
    }

    /** GET /health: this instance's Kafka Streams state, 200 or 503 ({@link StreamsStatus#health}). */
    Reply health() {
        KafkaStreams.State state = streams.state();
        return StreamsStatus.health(state.toString(), state.isRunningOrRebalancing());
    }

    ObjectNode localStatus() {
        return status.local(owner());
    }

    private String owner() {
        return Peers.address(self);
    }

    /** Answers come from RUNNING instances only: while rebalancing, restoring or stopped, 503 with Retry-After. */
    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new Unavailable("Kafka Streams is " + streams.state());
        }
    }

    private List<HostInfo> others() {
        requireRunning();
        return metadata.others();
    }

    /** Every other instance's answer; any failure (503 during a rebalance, unreachable) fails the whole answer. */
    private List<JsonNode> fromPeers(String path) {
        List<JsonNode> answers = new ArrayList<>();
        List<HostInfo> others = others();
        List<HttpResponse<byte[]>> responses = fanOuts.call(() -> peers.getAll(others, path));
        for (int i = 0; i < others.size(); i++) {
            HttpResponse<byte[]> r = responses.get(i);
            if (r.statusCode() != 200) {
                HostInfo peer = others.get(i);
                throw new Unavailable("instance " + Peers.address(peer) + " answered " + r.statusCode());
            }
            answers.add(parse(r.body()));
        }
        return answers;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new Unavailable("a peer sent invalid JSON: " + e.getMessage());
        }
    }
}
