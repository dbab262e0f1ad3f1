package org.fleetstreams.summary;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.TimePolicy;

/**
 * The summaries' part of the topology: {@value SummaryProcessor#NAME} fed by both inputs' valid readings and the
 * braking detector's outputs, its store {@value SummaryProcessor#STORE} (in memory, changelogged,
 * written at commit: {@link WriteAtCommitStore#inMemory}), summaries to
 * {@value SummaryProcessor#SINK}.
 */
public final class CarSummaries {

    private CarSummaries() {
    }

    /**
     * @param summaryReaders nodes, besides the summaries topic's sink, that take each final summary
     */
    public static void addTo(Topology topology, TimePolicy time, long graceMs,
                             List<String> summaryReaders, String... parents) {
        long size = time.windowSize().toMillis();
        long advance = time.windowAdvance().toMillis();
        List<String> readers = new ArrayList<>();
        readers.add(SummaryProcessor.SINK);
        readers.addAll(summaryReaders);
        topology.addProcessor(SummaryProcessor.NAME, () -> new SummaryProcessor(size, advance, graceMs, time.newClock(),
                readers), parents);
        topology.addStateStore(WriteAtCommitStore.inMemory(SummaryProcessor.STORE, Serdes.String(), Encoded.SERDE),
                SummaryProcessor.NAME);
    }
}
