package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.junit.jupiter.api.Test;

/**
 * A restore's remaining records as Kafka Streams records them (a cumulative sum: the records to restore added when the
 * restore starts, each batch read subtracted) read as a gauge that falls, and the binder's counter of it refused.
 */
class RestoreRemainingGaugesTest {

    @Test
    void aRestoreThatReadsHalfItsRecordsShowsTheOtherHalfAsAGauge() {
        // configure: Kafka's metric for one task, as StreamTask records it
        PrometheusMeterRegistry registry = PrometheusMetrics.newRegistry();
        try (Metrics kafka = new Metrics()) {
            MetricName name = kafka.metricName(RestoreRemainingGauges.NAME, RestoreRemainingGauges.GROUP,
                    "The number of records remaining to be restored", Map.of("thread-id", "app-StreamThread-1",
                            "task-id", "0_3"));
            Sensor sensor = kafka.sensor("restore-remaining");
            sensor.add(name, new CumulativeSum());
            List<Meter> gauges = RestoreRemainingGauges.register(registry, kafka.metrics());

            // pipe: a restore of 12,000 records starts, then reads 6,000 of them
            sensor.record(12_000);
            sensor.record(-6_000);

            // verify: a gauge reading 6,000, under the name and tags the binder's meters have
            String text = registry.scrape();
            PrometheusText.assertValid(text);
            assertThat(gauges).hasSize(1);
            assertThat(text).contains("# TYPE kafka_stream_task_restore_remaining_records gauge");
            assertThat(text).containsPattern("(?m)^kafka_stream_task_restore_remaining_records\\{"
                    + "task_id=\"0_3\",thread_id=\"app-StreamThread-1\"} 6000\\.0$");
        } finally {
            registry.close();
        }
    }

    @Test
    void theBindersCounterOfTheSameMetricIsRefused() {
        PrometheusMeterRegistry registry = PrometheusMetrics.newRegistry();
        try {
            FunctionCounter.builder(RestoreRemainingGauges.BINDER_COUNTER, 12_000.0, v -> v).tag("task.id", "0_3")
                    .register(registry);
            FunctionCounter.builder("kafka.stream.task.process.total", 5.0, v -> v).register(registry);

            assertThat(registry.scrape()).doesNotContain("restore_remaining").contains("kafka_stream_task_process_total");
        } finally {
            registry.close();
        }
    }
}
