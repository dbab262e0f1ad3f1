package org.fleetstreams.join;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.WindowChangelogs;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.TimePolicy;

/**
 * The join's part of the topology: {@value JoinProcessor#NAME} fed by both inputs' valid readings, its stores (the
 * fixes in a window store, duplicates kept: two fixes of a ride can share a millisecond; the samples in chunks, {@link
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
        Duration retention = time.joinRetention();
        Duration size = time.joinTimeDifference().multipliedBy(2);
        topology.addStateStore(Stores.windowStoreBuilder(stores.windowStore(new DslWindowParams(JoinProcessor.FIXES,
                retention, size, true, EmitStrategy.onWindowUpdate(), false, false)), Serdes.String(),
                JoinStoreSerdes.locationFix()).withLoggingEnabled(WindowChangelogs.config()), JoinProcessor.NAME);
        topology.addStateStore(WriteAtCommitStore.inMemory(JoinProcessor.SAMPLES, Serdes.String(), Encoded.SERDE),
                JoinProcessor.NAME);
    }
}
