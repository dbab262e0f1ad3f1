package org.fleetstreams.summary;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.time.TimePolicy;

/**
 * The summaries' part of the topology: {@value SummaryProcessor#NAME} fed by both inputs' valid readings and the
 * braking detector's outputs, its store {@value SummaryProcessor#STORE} (changelogged, cached), summaries to
 * {@value SummaryProcessor#SINK}.
 */
public final class CarSummaries {

    private CarSummaries() {
    }

    public static void addTo(Topology topology, TimePolicy time, long graceMs, DslStoreSuppliers stores,
                             String... parents) {
        long size = time.windowSize().toMillis();
        long advance = time.windowAdvance().toMillis();
        topology.addProcessor(SummaryProcessor.NAME, () -> new SummaryProcessor(size, advance, graceMs, time.newClock()),
                parents);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(
                        new DslKeyValueParams(SummaryProcessor.STORE, false)), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled(), SummaryProcessor.NAME);
    }
}
