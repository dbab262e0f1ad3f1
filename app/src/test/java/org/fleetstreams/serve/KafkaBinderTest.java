package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.SelectedKafkaMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * The binder behind {@code /metrics} never reads a store's {@code uncommitted-bytes}: in Kafka Streams 4.4 that gauge
 * asks the store itself, and read from another thread while a RocksDB store closes it crashed a test JVM (SIGSEGV in
 * {@code WriteBatch.getDataSize}). A crash that needs a race cannot be forced in a test; what can be checked is that
 * neither the bind nor a scrape reads that gauge, while the store's other gauges and the thread metrics are read.
 */
class KafkaBinderTest {

    private final Map<MetricName, Metric> metrics = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> reads = new LinkedHashMap<>();

    @Test
    void neitherTheBindNorAScrapeReadsAStoresUncommittedBytes() {
        // configure: the store gauges Kafka Streams 4.4 registers for a RocksDB store, and a thread metric
        Map<String, String> store = Map.of("thread-id", "t1", "task-id", "0_0", "rocksdb-state-id", "ride-overview");
        gauge("uncommitted-bytes", "stream-state-metrics", store, 4_096);
        gauge("estimate-num-keys", "stream-state-metrics", store, 35);
        gauge("process-total", "stream-thread-metrics", Map.of("thread-id", "t1"), 1_000);
        PrometheusMeterRegistry registry = PrometheusMetrics.newRegistry();
        ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor();

        // bind and scrape twice, as /metrics does
        String text;
        try (SelectedKafkaMetrics binder = PrometheusMetrics.kafkaBinder(() -> metrics, refresh)) {
            binder.bindTo(registry);
            registry.scrape();
            text = registry.scrape();
        } finally {
            refresh.shutdownNow();
            registry.close();
        }

        // verify
        assertThat(reads.get("uncommitted-bytes")).hasValue(0);
        assertThat(text).doesNotContain("uncommitted");
        assertThat(reads.get("estimate-num-keys").get()).isPositive();
        assertThat(text).contains("kafka_stream_state_estimate_num_keys{").contains("store=\"ride-overview\"")
                .contains("kafka_stream_thread_process_total");
    }

    @Test
    void onlyTheStoresUncommittedBytesIsLeftOut() {
        assertThat(PrometheusMetrics.readableFromAnyThread(name("uncommitted-bytes", "stream-state-metrics"))).isFalse();
        assertThat(PrometheusMetrics.readableFromAnyThread(name("estimate-num-keys", "stream-state-metrics"))).isTrue();
        assertThat(PrometheusMetrics.readableFromAnyThread(name("uncommitted-bytes", "some-other-group"))).isTrue();
        assertThat(PrometheusMetrics.readableFromAnyThread(name("process-rate", "stream-thread-metrics"))).isTrue();
    }

    private void gauge(String name, String group, Map<String, String> tags, long value) {
        AtomicInteger count = reads.computeIfAbsent(name, n -> new AtomicInteger());
        MetricName metricName = new MetricName(name, group, "", tags);
        Gauge<Long> gauge = (config, now) -> {
            count.incrementAndGet();
            return value;
        };
        metrics.put(metricName, new KafkaMetric(new Object(), metricName, gauge, new MetricConfig(), Time.SYSTEM));
    }

    private static MetricName name(String name, String group) {
        return new MetricName(name, group, "", Map.of());
    }
}
