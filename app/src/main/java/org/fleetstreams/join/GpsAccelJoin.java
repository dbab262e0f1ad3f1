package org.fleetstreams.join;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.state.Changelogs;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.TimePolicy;

/**
 * The join's part of the topology: {@value JoinProcessor#NAME} fed by both inputs' valid readings, its stores (the
 * fixes in a key-value store, one entry per fix, so two fixes of a ride can share a millisecond; the samples in chunks, {@link
 * SampleChunks}; values in the binary {@link JoinStoreSerdes} formats) and its clock's store, pairs to {@value
 * JoinProcessor#SINK}.
 */
public final class GpsAccelJoin {

    private GpsAccelJoin() {
    }

    public static void addTo(Topology topology, TimePolicy time, DslStoreSuppliers stores, String... parents) {
        topology.addProcessor(JoinProcessor.NAME, () -> new JoinProcessor(time.joinTimeDifference().toMillis(),
                time.joinGrace().toMillis(), time.newClock()), parents);
        // Written at commit (WriteAtCommitStore): the clock and a ride's open chunk of samples change with every
        // record; the changelog gets each once per commit, encoded then.
        topology.addStateStore(WriteAtCommitStore.inMemory(JoinProcessor.CLOCK, Serdes.String(), Encoded.SERDE),
                JoinProcessor.NAME);
        // A key-value store whose fixes the join deletes when its clock forgets them, not a window store: a window
        // store drops what is its retention behind the newest fix it holds, and the GPS input can run a minute
        // ahead of the samples that still need those fixes (the join's clock follows the slower input). A restart
        // then restored too few fixes, and the samples after it lost their pairs without a trace.
        // Written at commit, as the clock and the sample chunks are: under at-least-once a fix's delete then reaches
        // the changelog with the clock that made it forgettable, in the same commit, not long before it (a crash in
        // between restored an older clock with fewer fixes, and the replayed samples missed their pairs). Within
        // one commit the changelogs' writes are not ordered: under exactly-once the transaction covers that.
        topology.addStateStore(WriteAtCommitStore.builder(Stores.keyValueStoreBuilder(stores.keyValueStore(
                new DslKeyValueParams(JoinProcessor.FIXES, false)), Serdes.String(), JoinStoreSerdes.locationFix()))
                .withLoggingEnabled(Changelogs.keyValue()), JoinProcessor.NAME);
        topology.addStateStore(WriteAtCommitStore.inMemory(JoinProcessor.SAMPLES, Serdes.String(), Encoded.SERDE),
                JoinProcessor.NAME);
    }
}
