package org.fleetstreams.serve;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.SelectedKafkaMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in Prometheus text format: every metric of {@code KafkaStreams#metrics()} (Micrometer's
 * Kafka binder: thread process rates, commit latency, consumer lag, dropped records, the app's
 * own sensors such as {@code kafka_stream_fleetstreams_dead_letter_total}), JVM memory, threads and CPU, and two gauges
 * of this instance's state: {@code fleetstreams_rides} and {@code fleetstreams_rides_calibrated}. Store metrics carry
 * the store's name in one label, {@code store}, whatever the store's kind ({@link StoreTags}); the records a task has
 * left to restore are a gauge, not the counter the binder would make of them ({@link RestoreRemainingGauges}). One
 * metric is left out, the stores' {@code uncommitted-bytes} ({@link #readableFromAnyThread}).
 *
 * <p>Kafka Streams creates task metrics and the app's sensors when tasks are assigned and removes them when tasks
 * close, so the binder is bound from the start (before the first RUNNING too) and again each time the app becomes
 * RUNNING or its set of metrics changes (checked every second and at each scrape).
 */
final class PrometheusMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetrics.class);

    private final PrometheusMeterRegistry registry = newRegistry();
    private final KafkaStreams streams;
    private final ScheduledExecutorService rebinder = daemonTimer("metrics-rebind");
    private SelectedKafkaMetrics binder;
    private ScheduledExecutorService binderRefresh;
    private KafkaStreams.State last;
    private Set<MetricName> boundNames = Set.of();
    private List<Meter> restoreGauges = List.of();
    /** Closed: a timer tick or a scrape that waited for the lock meanwhile must not bind (and start a refresh) again. */
    private boolean closed;

    PrometheusMetrics(KafkaStreams streams, LocalStores stores) {
        this.streams = streams;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("fleetstreams.rides", stores, s -> countOrNaN(() -> s.rides().size()))
                .description("Rides in this instance's active partitions (ride-overview store)").register(registry);
        Gauge.builder("fleetstreams.rides.calibrated", stores, s -> countOrNaN(s::calibratedRides))
                .description("Rides in this instance's active partitions whose braking detector has fitted the forward axis")
                .register(registry);
        rebinder.scheduleWithFixedDelay(() -> {
            try {
                rebindWhenRunning();
            } catch (RuntimeException e) { // one failure must not end the timer (a scrape still rebinds)
                LOG.warn("metrics rebind failed", e);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** The registry, with {@link StoreTags} in place before any meter (a filter applies to meters made after it). */
    static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new StoreTags()).meterFilter(RestoreRemainingGauges.refuseTheCounter());
        return registry;
    }

    /**
     * The Prometheus text exposition of every meter. Under the rebind's lock: a rebind on the timer between this
     * scrape's look and its read removed every {@code kafka_*} meter for that one answer.
     */
    synchronized String scrape() {
        rebindWhenRunning();
        return registry.scrape();
    }

    // Also when the set of Kafka's metrics changed while RUNNING (a task closed and revived, a short rebalance the
    // once-a-second look missed): the binder's own refresh cannot remove a meter StoreTags renamed (it removes by the
    // id before the filter), and a closed task's store meters would stay, reading NaN. Closing the binder removes every
    // meter it made, by the ids it got back.
    // Before the first RUNNING too: an instance stuck starting (a long restore, a refused ACL) must show its state and
    // its restore metrics, which are what an alert on it reads.
    private synchronized void rebindWhenRunning() {
        if (closed) {
            return;
        }
        KafkaStreams.State now = streams.state();
        if (now != KafkaStreams.State.NOT_RUNNING && now != KafkaStreams.State.PENDING_SHUTDOWN) {
            Set<MetricName> names = Set.copyOf(streams.metrics().keySet());
            if (binder == null || now == KafkaStreams.State.RUNNING && last != KafkaStreams.State.RUNNING
                    || !names.equals(boundNames)) {
                closeBinder();
                restoreGauges.forEach(registry::remove);
                binderRefresh = daemonTimer("metrics-binder-refresh");
                binder = kafkaBinder(streams::metrics, binderRefresh);
                binder.bindTo(registry);
                restoreGauges = RestoreRemainingGauges.register(registry, streams.metrics());
                boundNames = names;
            }
        }
        last = now;
    }

    /** Micrometer's Kafka binder over the metrics that {@link #readableFromAnyThread}. */
    static SelectedKafkaMetrics kafkaBinder(Supplier<? extends Map<MetricName, ? extends Metric>> metrics,
            ScheduledExecutorService refresh) {
        return new SelectedKafkaMetrics(metrics, PrometheusMetrics::readableFromAnyThread, refresh);
    }

    /**
     * Every metric but a store's {@code uncommitted-bytes} (Kafka Streams 4.4, the transactional stores' buffer). Its
     * gauge asks the store itself, for a RocksDB store {@code WriteBatch.getDataSize}, with no lock against the stream
     * thread, which frees that batch at every commit (it writes it to the DB and makes a new one) and at the store's
     * close, before the metric is removed ({@code MeteredKeyValueStore.close}). Read from this process's threads in
     * that moment it calls into freed native memory and the JVM dies of a SIGSEGV. The binder reads every metric it
     * binds, from the rebind timer, and every gauge at each scrape; one CI run lost its test JVM that way.
     *
     * <p>RocksDB's own property gauges ({@code estimate-num-keys}, ...) stay: a store's close (a window segment's too)
     * removes them before it closes the DB, so only a read already inside the gauge at that moment could still meet
     * a closed DB, the same narrow race as for any JMX reader of them.
     */
    static boolean readableFromAnyThread(MetricName name) {
        return !(name.group().equals("stream-state-metrics") && name.name().equals("uncommitted-bytes"));
    }

    /**
     * The binder refreshes its meters on a timer of its own (every 60 s); one that ran while the binder closed could
     * register meters after the close removed them, which would then stay with a frozen value. So the refresh runs on
     * an executor of this binder's, stopped and waited for before the close.
     */
    private void closeBinder() {
        if (binder == null) {
            return;
        }
        binderRefresh.shutdownNow();
        try {
            binderRefresh.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        binder.close();
        binder = null;
    }

    private static ScheduledExecutorService daemonTimer(String name) {
        return Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(name));
    }

    private static double countOrNaN(LongSupplier count) {
        try {
            return count.getAsLong();
        } catch (RuntimeException e) { // Unavailable while rebalancing
            return Double.NaN;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        rebinder.shutdownNow();
        closeBinder();
        registry.close();
    }
}
