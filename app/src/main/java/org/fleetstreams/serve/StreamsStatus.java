package org.fleetstreams.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.SortedSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.Json;

/**
 * The dashboard header's figures for this instance, from Kafka Streams' own metrics: state, input rate (records/s
 * its main consumers fetch) and how far behind it is (records-lag summed over the input partitions it consumes).
 */
final class StreamsStatus {

    private final KafkaStreams streams;

    StreamsStatus(KafkaStreams streams) {
        this.streams = streams;
    }

    ObjectNode local(String instance) {
        double rate = 0;
        long lag = 0;
        double processRate = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            String client = n.tags().getOrDefault("client-id", "");
            boolean mainConsumer = client.endsWith("-consumer") && !client.endsWith("-restore-consumer")
                    && !client.endsWith("-global-consumer");
            if (mainConsumer && n.group().equals("consumer-fetch-manager-metrics")) {
                if (n.name().equals("records-consumed-rate") && !n.tags().containsKey("topic")) {
                    rate += value(e.getValue());
                } else if (n.name().equals("records-lag") && n.tags().containsKey("partition")) {
                    lag += (long) value(e.getValue());
                }
            } else if (n.group().equals("stream-thread-metrics") && n.name().equals("process-rate")) {
                processRate += value(e.getValue());
            }
        }
        return local(instance, streams.state().toString(), rate, processRate, lag);
    }

    /** One instance's figures: what {@code /api/local/status} answers. */
    static ObjectNode local(String instance, String state, double inputRate, double processRate, long lag) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("instance", instance);
        node.put("state", state);
        node.put("input_rate", inputRate);
        node.put("process_rate", processRate);
        node.put("lag_records", lag);
        return node;
    }

    /**
     * Adds the sums over the instances that answered to {@code answer}: what {@code /api/status} answers. The sums
     * lack the input partitions {@code partitionsNotAnswering} (null: not known), held by no instance that answered:
     * one in {@code notAnswering}, one without an HTTP server (which no metadata names), or none while they move.
     */
    static ObjectNode withFleet(ObjectNode answer, double inputRate, long lag, int answering, ArrayNode notAnswering,
                                SortedSet<Integer> partitionsNotAnswering) {
        answer.put("fleet_input_rate", inputRate);
        answer.put("fleet_lag_records", lag);
        answer.put("instances_answering", answering);
        answer.set("instances_not_answering", notAnswering);
        answer.set("partitions_not_answering", Json.mapper().valueToTree(partitionsNotAnswering));
        return answer;
    }

    /**
     * The status of an instance that has no Kafka Streams client yet ({@link FleetServer#serveWhileStarting}): the
     * shape of every other status answer, so a reader (the dashboard) needs no case of its own.
     */
    static ObjectNode starting(String instance) {
        return withFleet(local(instance, "STARTING", 0, 0, 0), 0, 0, 1, Json.mapper().createArrayNode(), null);
    }

    /**
     * What {@code /health} answers: {@code {"state": ...}}, 200 while Kafka Streams is {@code up} (RUNNING or
     * REBALANCING), else 503 with Retry-After and an error naming the state (CREATED or STARTING before it runs,
     * PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR, ERROR). A rebalance counts as up: every instance rebalances
     * whenever one joins or leaves, and a probe that failed then would take instances out of service (or restart
     * them) during each one and make it longer; the answers that cannot be given meanwhile are 503 on their own. It
     * reads the state only: no store, no other instance, so it answers at once even while those do not.
     */
    static Reply health(String state, boolean up) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("state", state);
        if (up) {
            return Reply.json(node.toString());
        }
        node.put("error", "Kafka Streams is " + state);
        return Reply.json(503, node.toString(), Reply.RETRY_AFTER);
    }

    private static double value(Metric m) {
        Object v = m.metricValue();
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }
}
