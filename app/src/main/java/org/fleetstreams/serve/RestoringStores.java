package org.fleetstreams.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * The active store partitions of this instance that are restoring from their changelogs, from Kafka Streams' restore
 * callbacks, so that an interactive query does not answer from one ({@link #refuseRestoring}).
 *
 * <p>Why Kafka's own checks are not enough: {@code KafkaStreams#query} answers from every active task of a live
 * thread, and in Kafka Streams 4.x that includes the tasks its state updater is still restoring (read in the 4.4.0
 * {@code TaskManager#readOnlyAllTasks}). Most restores happen while the instance is REBALANCING, which the API already
 * answers with 503; but a task that is revived after a corruption under exactly-once restores while its thread, and
 * the instance, stay RUNNING. Its store is open and partly rebuilt: a fleet answer counted its partition as answered
 * and left out its rides (a 200 that looks complete), and a ride in it was "no such ride" (404).
 *
 * <p>The restore callbacks come from the state updater's thread, the queries from the HTTP server's: concurrent maps.
 * Not covered: the moment between a revived task's stores opening and its restore's start callback (the changelog's
 * end offsets are fetched in between), usually milliseconds; no public callback marks it.
 * Kafka takes one global restore listener: {@code app.StreamsRunner} sets one that tells this and its console report.
 */
public final class RestoringStores implements StateRestoreListener {

    /** Store name to the partitions restoring now, each with when its restore began ({@link #clock}). */
    private final Map<String, Map<Integer, Long>> restoring = new ConcurrentHashMap<>();
    /** Orders restore starts and rebalances: a count, not a time, so that two events are never simultaneous. */
    private final AtomicLong clock = new AtomicLong();
    /** {@link #clock} when the instance last began a rebalance. */
    private volatile long rebalanceBegan = Long.MIN_VALUE;

    @Override
    public void onRestoreStart(TopicPartition changelog, String store, long startingOffset, long endingOffset) {
        restoring.computeIfAbsent(store, s -> new ConcurrentHashMap<>()).put(changelog.partition(),
                clock.incrementAndGet());
    }

    @Override
    public void onBatchRestored(TopicPartition changelog, String store, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition changelog, String store, long totalRestored) {
        done(changelog, store);
    }

    /** The task left this instance (or closed) before its restore ended: not restoring here any more. */
    @Override
    public void onRestoreSuspended(TopicPartition changelog, String store, long totalRestored) {
        done(changelog, store);
    }

    private void done(TopicPartition changelog, String store) {
        Map<Integer, Long> partitions = restoring.get(store);
        if (partitions != null) {
            partitions.remove(changelog.partition());
        }
    }

    /** The instance began a rebalance (REBALANCING). */
    public void rebalancing() {
        rebalanceBegan = clock.incrementAndGet();
    }

    /**
     * The instance reached RUNNING after a rebalance: every thread gets there only once its active tasks are restored,
     * so a restore that began before the rebalance has ended, whether or not its end was reported. A safety valve, not
     * the rule: were a callback ever missed, a partition would otherwise answer 503 until the app restarts; this bounds
     * that to the next rebalance. A restore that began since (a thread that reached RUNNING early revives a corrupted
     * task while another thread still rebalances) is kept.
     */
    public void running() {
        long began = rebalanceBegan;
        restoring.values().forEach(partitions -> partitions.values().removeIf(start -> start < began));
    }

    /** Whether partition {@code partition} of {@code store} (a changelog's partition is its task's) is restoring. */
    public boolean isRestoring(String store, int partition) {
        Map<Integer, Long> partitions = restoring.get(store);
        return partitions != null && partitions.containsKey(partition);
    }

    /**
     * Refuses an answer that read a restoring partition of {@code store}: every iterator the query opened is closed
     * (one left open holds a RocksDB snapshot until its store closes), then {@link Unavailable}, a 503.
     */
    void refuseRestoring(String store, StateQueryResult<?> result) {
        Integer found = null;
        for (Integer partition : result.getPartitionResults().keySet()) {
            if (isRestoring(store, partition)) {
                found = partition;
                break;
            }
        }
        if (found == null) {
            return;
        }
        result.getPartitionResults().values().forEach(LocalStores::closeQuietly);
        throw new Unavailable("partition " + found + " of " + store + " is restoring from its changelog");
    }
}
