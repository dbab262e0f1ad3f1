package org.fleetstreams.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.fleetstreams.deadletter.DeadLetters;

/**
 * Kafka Streams' {@code restore-remaining-records-total} (per task) as a Prometheus gauge,
 * {@code kafka_stream_task_restore_remaining_records}. Kafka keeps it in a {@code CumulativeSum}: a restore adds the
 * records it has to read, then subtracts each batch it read. Micrometer's binder makes every cumulative sum a counter,
 * so it was published as {@code kafka_stream_task_restore_remaining_records_total}, {@code # TYPE counter}, and every
 * drop was a counter reset to Prometheus: {@code rate()} and {@code increase()} on it were wrong, and the very series an
 * alert on a restoring instance reads was typed as a counter. The binder's counter is refused
 * ({@link #refuseTheCounter()}) and this gauge reads the same Kafka metric.
 */
final class RestoreRemainingGauges {

    /** Kafka's group and name of the metric. */
    static final String GROUP = DeadLetters.TASK_GROUP;
    static final String NAME = "restore-remaining-records-total";
    /** The name Micrometer's Kafka binder gives the counter (its rule: kafka. + group less -metrics + name, - to .). */
    static final String BINDER_COUNTER = "kafka.stream.task.restore.remaining.records.total";
    /** Ours; Prometheus writes {@code kafka_stream_task_restore_remaining_records}. */
    static final String GAUGE = "kafka.stream.task.restore.remaining.records";

    private RestoreRemainingGauges() {
    }

    /** A registry filter that refuses the binder's counter of this metric (a filter applies to meters made after it). */
    static MeterFilter refuseTheCounter() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.COUNTER && id.getName().equals(BINDER_COUNTER));
    }

    /**
     * One gauge per task in {@code metrics} (Kafka Streams' {@code metrics()}), tagged with Kafka's tags as the binder
     * tags its meters ({@code thread_id}, {@code task_id}; not its {@code kafka_version}, which only Kafka's internal
     * classes give); returns them, for the caller to remove when the tasks change.
     */
    static List<Meter> register(MeterRegistry registry, Map<MetricName, ? extends Metric> metrics) {
        List<Meter> meters = new ArrayList<>();
        metrics.forEach((name, metric) -> {
            if (name.group().equals(GROUP) && name.name().equals(NAME)) {
                List<Tag> tags = new ArrayList<>();
                name.tags().forEach((k, v) -> tags.add(Tag.of(k.replace('-', '.'), v)));
                meters.add(Gauge.builder(GAUGE, metric, RestoreRemainingGauges::value).tags(tags)
                        .description(name.description() + " (a gauge: it falls as the restore reads)")
                        .register(registry));
            }
        });
        return meters;
    }

    private static double value(Metric metric) {
        return metric.metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
