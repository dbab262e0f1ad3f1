package org.fleetstreams.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.fleetstreams.common.Topics;
import org.fleetstreams.deadletter.DeadLetters;

/**
 * What became of every input record, computed from the app's metrics alone (those of {@link CheckAndRoute} and of
 * the results that refuse late records), summed over stream threads. For each input topic:
 *
 * <pre>
 *   read = valid + dead-lettered (by reason)        and    dead-letter-total = the sum of the reasons
 * </pre>
 *
 * Late records are part of {@code valid}: they passed every check and were then refused by a result that had moved
 * on (each also a dead letter, with reason {@code late}). They are reported per result, not as a third term per
 * topic, because one record can miss several results (the join, and each of its hopping windows), so a count of
 * refusals is not a count of records.
 *
 * <p>The counts are this instance's since it started (a stream thread's metrics go with the thread); under
 * exactly-once a record whose transaction was aborted is counted again when it is read again, on both sides.
 */
public final class InputAccounting {

    /** {@code read-total}: every record the ingest check node sees. */
    public static final String READ = "read";
    /** {@code valid-total}: every record the ingest check node passes on. */
    public static final String VALID = "valid";

    private static final String GROUP = "stream-" + DeadLetters.METRIC_SCOPE + "-metrics";
    private static final String ENTITY = DeadLetters.METRIC_SCOPE + "-id";
    private static final String DROPPED = "dropped-records-total";
    private static final List<String> KINDS = List.of(Ingest.LOCATIONS, Ingest.ACCELERATIONS);

    /** One input topic's counts. */
    public record Input(String kind, long read, long valid, long deadLettered, SortedMap<String, Long> byReason) {

        public long sumOfReasons() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean holds() {
            return read == valid + sumOfReasons() && deadLettered == sumOfReasons();
        }

        String line(String topic) {
            return topic + ": read " + read + " = valid " + valid + " + dead-lettered " + sumOfReasons() + " " + byReason
                    + (holds() ? "" : "  DOES NOT HOLD (dead-letter-total " + deadLettered + ")");
        }
    }

    private final List<Input> inputs;
    private final SortedMap<String, Long> lateByResult;
    private final long droppedByHandlers;

    private InputAccounting(List<Input> inputs, SortedMap<String, Long> lateByResult, long droppedByHandlers) {
        this.inputs = List.copyOf(inputs);
        this.lateByResult = lateByResult;
        this.droppedByHandlers = droppedByHandlers;
    }

    /** From {@code KafkaStreams.metrics()} or {@code TopologyTestDriver.metrics()}. */
    public static InputAccounting of(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Map<String, Long>> totals = new TreeMap<>(); // metric name → entity → total over threads
        metrics.forEach((name, metric) -> {
            String entity = name.tags().get(ENTITY);
            if (GROUP.equals(name.group()) && entity != null && name.name().endsWith("-total")
                    && metric.metricValue() instanceof Number n) {
                totals.computeIfAbsent(name.name(), k -> new TreeMap<>()).merge(entity, (long) n.doubleValue(), Long::sum);
            }
        });
        List<Input> inputs = new ArrayList<>();
        for (String kind : KINDS) {
            SortedMap<String, Long> byReason = new TreeMap<>();
            totals.getOrDefault(DeadLetters.DEAD_LETTER_REASON_METRIC + "-total", Map.of()).forEach((entity, count) -> {
                if (entity.startsWith(kind + "/") && count > 0) { // each reason's counter is there from the start, at 0
                    byReason.put(entity.substring(kind.length() + 1), count);
                }
            });
            inputs.add(new Input(kind, total(totals, READ, kind), total(totals, VALID, kind),
                    total(totals, DeadLetters.DEAD_LETTER_METRIC, kind), byReason));
        }
        SortedMap<String, Long> late = new TreeMap<>(totals.getOrDefault(DeadLetters.LATE_METRIC + "-total", Map.of()));
        return new InputAccounting(inputs, late, droppedByHandlers(metrics));
    }

    /**
     * {@code dropped-records-total} over the tasks {@code metrics} has now. Task metrics leave with their task (a
     * close, a task moving away), so after the close of Kafka Streams this is 0: take it before ({@link
     * #withDroppedByHandlers}).
     */
    public static long droppedByHandlers(Map<MetricName, ? extends Metric> metrics) {
        long dropped = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            if (DeadLetters.TASK_GROUP.equals(e.getKey().group()) && DROPPED.equals(e.getKey().name())
                    && e.getValue().metricValue() instanceof Number n) {
                dropped += (long) n.doubleValue();
            }
        }
        return dropped;
    }

    /** The same counts, with at least {@code dropped} taken out by the handlers (a count made before a close). */
    public InputAccounting withDroppedByHandlers(long dropped) {
        return new InputAccounting(inputs, lateByResult, Math.max(droppedByHandlers, dropped));
    }

    private static long total(Map<String, Map<String, Long>> totals, String operation, String kind) {
        return totals.getOrDefault(operation + "-total", Map.of()).getOrDefault(kind, 0L);
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** Valid records refused as late, per result ({@code joined}; {@code car-summaries}: one per missed window). */
    public SortedMap<String, Long> lateByResult() {
        return lateByResult;
    }

    /**
     * Records Kafka Streams' own error handlers took out ({@code dropped-records-total} of {@code stream-task-metrics},
     * over tasks): a processor threw on them, or they could not be deserialized. The handlers write them to the
     * dead-letter topic with a stack trace (KIP-1034), but a processor that threw is a bug, and such a record is
     * counted {@code valid} (or not read at all) above: the identity does not hold while this is above 0.
     */
    public long droppedByHandlers() {
        return droppedByHandlers;
    }

    public boolean holds() {
        return droppedByHandlers == 0 && inputs.stream().allMatch(Input::holds);
    }

    /** The identity, one line per input topic and one for late records, as the app prints it on shutdown. */
    public String report(Topics topics) {
        StringBuilder out = new StringBuilder("Input accounting (" + (holds() ? "holds" : "DOES NOT HOLD") + "):");
        for (Input input : inputs) {
            out.append("\n  ").append(input.line(input.kind().equals(Ingest.LOCATIONS) ? topics.locations() : topics.accelerations()));
        }
        out.append("\n  of the valid, refused as late: ").append(lateByResult);
        if (droppedByHandlers > 0) {
            out.append("\n  dropped by Kafka Streams' error handlers (a bug: dead letters with a stack trace): ")
                    .append(droppedByHandlers);
        }
        return out.toString();
    }
}
