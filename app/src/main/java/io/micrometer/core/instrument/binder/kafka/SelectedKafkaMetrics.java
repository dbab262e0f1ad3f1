package io.micrometer.core.instrument.binder.kafka;

import io.micrometer.core.instrument.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Micrometer's Kafka binder ({@link KafkaMetrics}, as {@link KafkaStreamsMetrics} uses it: the same meter names and
 * tags) over the metrics {@code keep} accepts; the others are never read. The binder reads every metric's value when
 * it binds and refreshes, and a gauge's at each scrape, all from threads other than the one that owns the metric.
 *
 * <p>In Micrometer's package because the binder's constructor from a metrics supplier is package-private, and
 * {@link KafkaStreamsMetrics} only takes the whole of {@code KafkaStreams#metrics()}. Checked by the compiler
 * against the Micrometer version in the build.
 */
public final class SelectedKafkaMetrics extends KafkaMetrics {

    public SelectedKafkaMetrics(Supplier<? extends Map<MetricName, ? extends Metric>> metrics, Predicate<MetricName> keep,
            ScheduledExecutorService refresh) {
        super(() -> select(metrics.get(), keep), Tags.empty(), refresh);
    }

    private static Map<MetricName, Metric> select(Map<MetricName, ? extends Metric> metrics, Predicate<MetricName> keep) {
        Map<MetricName, Metric> kept = new LinkedHashMap<>();
        metrics.forEach((name, metric) -> {
            if (keep.test(name)) {
                kept.put(name, metric);
            }
        });
        return kept;
    }
}
