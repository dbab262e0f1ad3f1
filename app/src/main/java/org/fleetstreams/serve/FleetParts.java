package org.fleetstreams.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The parts of a fleet-wide answer ({@code /api/fleet}, {@code /api/alerts}), one per instance, each naming the input
 * partitions it answered for: whether together they cover every partition, and their elements merged, each once.
 */
final class FleetParts {

    private FleetParts() {
    }

    /** A ride in a fleet answer: its id in its partition (a ride written by two partitioners is in two). */
    static final Function<JsonNode, String> RIDE_IDENTITY =
            n -> n.path("ride_id").asText() + "\u0000" + n.path("partition").asInt(-1);
    /** An alert: its ride and its time span. */
    static final Function<JsonNode, String> ALERT_IDENTITY =
            n -> n.path("ride_id").asText() + "\u0000" + n.path("start_time").asLong() + "\u0000" + n.path("end_time").asLong();

    /**
     * The fleet's order: by ride id, then partition. A ride id in two partitions (written by two partitioners) is two
     * rows; ordered by id alone, the sort kept them in the order the parts came in, which is this instance's first, so
     * two instances listed them differently.
     */
    static final Comparator<JsonNode> RIDE_ORDER = Comparator.comparing((JsonNode n) -> n.path("ride_id").asText())
            .thenComparingInt(n -> n.path("partition").asInt(-1));
    /**
     * The alerts' order, newest first: by end time (latest first), then ride id, then start time (latest first). These
     * are {@link #ALERT_IDENTITY}'s fields, so no two merged alerts tie and every instance gives the same list (and cuts
     * it at the same alert).
     */
    static final Comparator<JsonNode> ALERT_ORDER = Comparator.comparingLong((JsonNode n) -> n.path("end_time").asLong())
            .reversed().thenComparing(n -> n.path("ride_id").asText())
            .thenComparing(Comparator.comparingLong((JsonNode n) -> n.path("start_time").asLong()).reversed());

    /**
     * The elements of {@code field} of every part, each once: while a partition moves, the instance giving it up can
     * still answer for it after the one taking it over has begun to, and a ride (or alert) in both answers would be in
     * the fleet twice. The first part's copy is kept (this instance's own).
     */
    static List<JsonNode> merge(List<JsonNode> parts, String field, Function<JsonNode, String> identity) {
        Map<String, JsonNode> merged = new LinkedHashMap<>();
        for (JsonNode part : parts) {
            part.path(field).forEach(n -> merged.putIfAbsent(identity.apply(n), n));
        }
        return new ArrayList<>(merged.values());
    }

    /**
     * Puts the first {@code limit} of {@code newestFirst} into {@code answer} as {@code alerts}, and {@code truncated}:
     * whether more matched than it holds. An instance's part keeps only its own newest {@code limit} (no alert past
     * those can be in the merged answer, and a peer need not ship the rest each second), so the merged answer is also
     * cut when a part was ({@code cutByAPart}): one instance with 201 alerts sends 200, and the merge alone would see
     * no more than it keeps.
     */
    static <T> ObjectNode putNewest(ObjectNode answer, List<T> newestFirst, int limit, boolean cutByAPart,
                                    Function<T, JsonNode> json) {
        ArrayNode kept = answer.putArray("alerts");
        newestFirst.subList(0, Math.min(limit, newestFirst.size())).forEach(a -> kept.add(json.apply(a)));
        answer.put("truncated", cutByAPart || newestFirst.size() > limit);
        return answer;
    }

    /** Whether an instance's part left alerts out ({@link #putNewest}); a part without the field (older) did not say. */
    static boolean anyTruncated(List<JsonNode> parts) {
        return parts.stream().anyMatch(p -> p.path("truncated").asBoolean(false));
    }

    /** The partitions a fleet-wide answer's parts were answered for. */
    static final class Coverage {
        private final SortedSet<Integer> answered = new TreeSet<>();

        Coverage(JsonNode part) {
            add(part);
        }

        void add(JsonNode part) {
            part.path("partitions").forEach(p -> answered.add(p.asInt()));
        }

        /** A partition no instance answered for is moving between them: the answer would lack its rides, so 503. */
        void requireAll(Set<Integer> expected) {
            SortedSet<Integer> missing = new TreeSet<>(expected);
            missing.removeAll(answered);
            if (!missing.isEmpty()) {
                throw new Unavailable("partition(s) " + missing + " answered by no instance: moving in a rebalance,"
                        + " restoring, or owned by an instance without --http-port");
            }
        }
    }
}
