package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

/**
 * Store metrics of three kinds of store, tagged as Kafka Streams tags them, through Micrometer's Kafka binder into the
 * Prometheus registry: with {@link StoreTags} every store is scraped; without it only the first kind.
 */
class StoreTagsTest {

    private static final List<Map<String, String>> STORES = List.of(
            Map.of("thread-id", "t1", "task-id", "0_0", "in-memory-state-id", "accel-gps-join-samples"),
            Map.of("thread-id", "t1", "task-id", "0_0", "rocksdb-state-id", "ride-overview"),
            Map.of("thread-id", "t1", "task-id", "0_0", "rocksdb-window-state-id", "accel-gps-join-fixes"),
            Map.of("thread-id", "t1", "task-id", "0_1", "rocksdb-window-state-id", "accel-gps-join-fixes"));

    @Test
    void everyKindOfStoreIsScrapedUnderOneName() {
        String text = scrape(PrometheusMetrics.newRegistry());

        List<String> keys = text.lines().filter(l -> l.startsWith("kafka_stream_state_estimate_num_keys{")).toList();
        assertThat(keys).hasSize(STORES.size());
        assertThat(keys).allMatch(l -> l.contains("store=\"") && !l.contains("state_id"));
        assertThat(keys).anyMatch(l -> l.contains("store=\"accel-gps-join-samples\""))
                .anyMatch(l -> l.contains("store=\"ride-overview\""))
                .anyMatch(l -> l.contains("store=\"accel-gps-join-fixes\"") && l.contains("task_id=\"0_1\""));
    }

    @Test
    void withoutTheFilterPrometheusKeepsOneKindOnly() {
        String text = scrape(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

        assertThat(text.lines().filter(l -> l.startsWith("kafka_stream_state_estimate_num_keys{")).count())
                .isLessThan(STORES.size());
    }

    @Test
    void onlyKafkasStoreTagsAreRenamed() {
        assertThat(StoreTags.isStoreTag("rocksdb.window.state.id")).isTrue();
        assertThat(StoreTags.isStoreTag("in-memory-state-id")).isTrue();
        assertThat(StoreTags.isStoreTag("state.id")).isFalse();
        assertThat(StoreTags.isStoreTag("task.id")).isFalse();
    }

    private static String scrape(PrometheusMeterRegistry registry) {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        for (Map<String, String> tags : STORES) {
            MetricName name = new MetricName("estimate-num-keys", "stream-state-metrics", "estimated keys", tags);
            producer.setMockMetrics(name, new KafkaMetric(new Object(), name, new Value(), new MetricConfig(), Time.SYSTEM));
        }
        try (KafkaClientMetrics binder = new KafkaClientMetrics(producer)) {
            binder.bindTo(registry);
            return registry.scrape();
        } finally {
            registry.close();
        }
    }
}
