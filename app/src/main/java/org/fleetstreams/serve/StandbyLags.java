package org.fleetstreams.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.fleetstreams.common.DaemonThreads;

/**
 * How far this instance's store replicas are behind their changelogs, for a stale ride answer. Kafka Streams asks the
 * broker for the changelogs' end offsets ({@code allLocalStorePartitionLags}), which may take its 60 s api timeout:
 * one look at a time, on a thread of its own, shared by the requests of the next second, and a request waits
 * {@link #WAIT} for it at most (then the answer goes out with lag −1). Asked per request on the common pool (one
 * thread on two cores), a broker that did not answer held every later stale answer behind it.
 */
final class StandbyLags {

    static final Duration WAIT = Duration.ofSeconds(2);
    private static final long FRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final KafkaStreams streams;
    private final ThreadPoolExecutor asker = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), DaemonThreads.named("standby-lags"));
    private CompletableFuture<Map<String, Map<Integer, LagInfo>>> look;
    /** When the last look ended (System.nanoTime), so that a slow look's answer is still reused for a second after. */
    private volatile long lookedAt;

    StandbyLags(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The changelog records {@code store}'s replica of {@code partition} here is behind, or −1 if unknown. */
    long lag(String store, int partition) {
        try {
            Map<Integer, LagInfo> lags = look().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(store);
            LagInfo lag = lags == null ? null : lags.get(partition);
            return lag == null ? -1 : lag.offsetLag();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The look in progress, or the last one if it ended less than a second ago, or a new one. */
    private synchronized CompletableFuture<Map<String, Map<Integer, LagInfo>>> look() {
        long now = System.nanoTime();
        if (look == null || look.isDone() && now - lookedAt > FRESH_NANOS) {
            look = CompletableFuture.supplyAsync(() -> {
                try {
                    return streams.allLocalStorePartitionLags();
                } finally {
                    lookedAt = System.nanoTime();
                }
            }, asker);
        }
        return look;
    }
}
