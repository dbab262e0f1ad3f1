package org.fleetstreams.serve;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.overview.RideState;

/**
 * This instance's share of the state, read with Kafka Streams' interactive queries v2 ({@code KafkaStreams#query}),
 * active partitions only: the {@value RideOverview#STORE}, {@value RideOverview#WINDOWS} and
 * {@value HarshBraking#STORE} stores. A partition that is not ready (restoring, moving in a rebalance) makes the
 * answer {@link Unavailable}.
 */
final class LocalStores {

    /** A ride of this instance, with the input partition that holds it. */
    record LocalRide(int partition, RideState state) {
    }

    private final KafkaStreams streams;
    private final RestoringStores restoring;

    LocalStores(KafkaStreams streams, RestoringStores restoring) {
        this.streams = streams;
        this.restoring = restoring;
    }

    /**
     * This instance's rides and the partitions they are from: every partition it answered for, rides or none. A
     * fleet-wide answer checks that the instances together answered for every partition ({@code FleetApi}): a
     * partition that is moving (revoked here, not yet active there, or restoring) is in no instance's answer.
     */
    record Share(SortedSet<Integer> partitions, List<LocalRide> rides) {
    }

    /** Every ride in this instance's active partitions. */
    List<LocalRide> rides() {
        return share().rides();
    }

    Share share() {
        StateQueryResult<KeyValueIterator<String, RideState>> result = query(StateQueryRequest.inStore(RideOverview.STORE)
                .withQuery(RangeQuery.<String, RideState>withNoBounds()).requireActive());
        List<LocalRide> rides = new ArrayList<>();
        SortedSet<Integer> partitions = new TreeSet<>();
        readEach(result, (partition, it) -> {
            partitions.add(partition);
            it.forEachRemaining(kv -> rides.add(new LocalRide(partition, kv.value)));
        });
        return new Share(partitions, rides);
    }

    /** Rides of this instance whose detector has fitted the forward axis (for the metrics). */
    long calibratedRides() {
        StateQueryResult<KeyValueIterator<String, DetectorState>> result = query(StateQueryRequest.inStore(HarshBraking.STORE)
                .withQuery(RangeQuery.<String, DetectorState>withNoBounds()).requireActive());
        long[] n = {0};
        readEach(result, (partition, it) -> {
            while (it.hasNext()) {
                n[0] += it.next().value.calibrated() ? 1 : 0;
            }
        });
        return n[0];
    }

    /**
     * Looks for {@code ride} in every active partition here: for a ride that is not where its key hashes to, because
     * its producer used another partitioner than Kafka's Java client.
     */
    Search searchActive(String ride) {
        StateQueryResult<RideState> result = query(StateQueryRequest.inStore(RideOverview.STORE)
                .withQuery(KeyQuery.<String, RideState>withKey(ride)).requireActive());
        SortedSet<Integer> searched = new TreeSet<>();
        for (Map.Entry<Integer, QueryResult<RideState>> e : result.getPartitionResults().entrySet()) {
            if (!skip(e.getKey(), e.getValue())) {
                if (e.getValue().getResult() != null) {
                    return new Search(e.getKey(), searched);
                }
                searched.add(e.getKey());
            }
        }
        return new Search(-1, searched);
    }

    /**
     * Where a search found the ride (-1: not here) and, when it did not, the partitions it looked in: an active
     * partition that cannot answer now (restoring, its thread not running) is not among them, so a "no" from here
     * says nothing about it.
     */
    record Search(int partition, SortedSet<Integer> searched) {
    }

    /** @param active from the active task only, or from a standby replica too */
    RideState ride(String ride, int partition, boolean active) {
        return one(RideOverview.STORE, KeyQuery.<String, RideState>withKey(ride), partition, active);
    }

    DetectorState detector(String ride, int partition, boolean active) {
        return one(HarshBraking.STORE, KeyQuery.<String, DetectorState>withKey(ride), partition, active);
    }

    /** The ride's windows (latest summary of each), oldest first. */
    List<CarSummary> windows(String ride, int partition, boolean active) {
        QueryResult<WindowStoreIterator<CarSummary>> r = partitionResult(StateQueryRequest.inStore(RideOverview.WINDOWS)
                .withQuery(WindowKeyQuery.<String, CarSummary>withKeyAndWindowStartRange(ride, Instant.EPOCH,
                        Instant.ofEpochMilli(Long.MAX_VALUE / 2))), partition, active);
        List<CarSummary> windows = new ArrayList<>();
        try (WindowStoreIterator<CarSummary> it = r.getResult()) {
            it.forEachRemaining((KeyValue<Long, CarSummary> kv) -> windows.add(kv.value));
        }
        return windows;
    }

    private <V> V one(String store, KeyQuery<String, V> query, int partition, boolean active) {
        return partitionResult(StateQueryRequest.inStore(store).withQuery(query), partition, active).getResult();
    }

    private <R> QueryResult<R> partitionResult(StateQueryRequest<R> request, int partition, boolean active) {
        StateQueryRequest<R> onePartition = request.withPartitions(Set.of(partition));
        StateQueryResult<R> result = query(active ? onePartition.requireActive() : onePartition);
        QueryResult<R> r = result.getPartitionResults().get(partition);
        if (r == null || r.isFailure()) {
            throw new Unavailable("partition " + partition + " of " + request.getStoreName() + " is not active here ("
                    + (r == null ? "no result" : r.getFailureReason() + ": " + r.getFailureMessage()) + ")");
        }
        return r;
    }

    private <R> StateQueryResult<R> query(StateQueryRequest<R> request) {
        KafkaStreams.State state = streams.state();
        boolean standbyAllowed = !request.isRequireActive() && state == KafkaStreams.State.REBALANCING;
        if (state != KafkaStreams.State.RUNNING && !standbyAllowed) {
            throw new Unavailable("Kafka Streams is " + state);
        }
        try {
            StateQueryResult<R> result = streams.query(request);
            restoring.refuseRestoring(request.getStoreName(), result); // Kafka answers from a restoring active task
            return result;
        } catch (UnknownStateStoreException e) {
            throw e; // no such store in the topology: a bug, not a moment (a 500, not a 503 for ever)
        } catch (InvalidStateStoreException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    /**
     * Reads each active partition's iterator of a range query in turn, and closes every iterator the query opened, also
     * the ones after a partition that failed or a read that threw: Kafka Streams opens them all up front, and one left
     * open holds a RocksDB snapshot (and counts in {@code num-open-iterators}) until its store closes.
     */
    static <K, V> void readEach(StateQueryResult<KeyValueIterator<K, V>> result,
            BiConsumer<Integer, KeyValueIterator<K, V>> read) {
        List<Map.Entry<Integer, QueryResult<KeyValueIterator<K, V>>>> partitions =
                new ArrayList<>(result.getPartitionResults().entrySet());
        int next = 0;
        try {
            while (next < partitions.size()) {
                Map.Entry<Integer, QueryResult<KeyValueIterator<K, V>>> e = partitions.get(next++);
                if (!skip(e.getKey(), e.getValue())) {
                    try (KeyValueIterator<K, V> it = e.getValue().getResult()) {
                        read.accept(e.getKey(), it);
                    }
                }
            }
        } finally {
            for (int i = next; i < partitions.size(); i++) {
                closeQuietly(partitions.get(i).getValue());
            }
        }
    }

    /**
     * Closes what a partition's successful answer holds open (a range query's iterator), for an answer that is given
     * up: it fails already with the first error, and a store closing under it says nothing more.
     */
    static void closeQuietly(QueryResult<?> r) {
        if (r.isSuccess() && r.getResult() instanceof AutoCloseable open) {
            try {
                open.close();
            } catch (Exception ignored) {
                // see above
            }
        }
    }

    /** A standby's partition (the active one is elsewhere) is skipped; any other failure: not ready. */
    private static boolean skip(int partition, QueryResult<?> r) {
        if (r.isSuccess()) {
            return false;
        }
        if (r.getFailureReason() == FailureReason.NOT_ACTIVE) {
            return true;
        }
        throw new Unavailable("partition " + partition + ": " + r.getFailureReason() + ": " + r.getFailureMessage());
    }
}
