package org.fleetstreams.app;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Topics;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.EventTimes;
import org.fleetstreams.ingest.Ingest;
import org.fleetstreams.ingest.InputHeads;
import org.fleetstreams.join.GpsAccelJoin;
import org.fleetstreams.join.JoinProcessor;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.state.Changelogs;
import org.fleetstreams.summary.CarSummaries;
import org.fleetstreams.summary.SummaryProcessor;
import org.fleetstreams.time.MergeReaders;
import org.fleetstreams.time.ReadingsInOrder;
import org.fleetstreams.time.TimePolicy;

/**
 * The app's topology, used by {@link FleetApp} and by every test. One sub-topology; the join and the summaries each
 * keep one clock over both inputs ({@link TimePolicy}):
 *
 * <pre>
 *  {prefix}-locations ─────► locations-check ─────┬─ valid ─► readings-in-order ─┬┄► accel-gps-join ──────────► {prefix}-joined
 *  {prefix}-accelerations ─► accelerations-check ─┤   (both inputs merged in    ├─► harsh-braking-detector ─┬► {prefix}-harsh-braking
 *                                                 │    event-time order)        ├─► car-summary-windows ◄───┤► {prefix}-car-summaries
 *                                                 │                             └─► ride-overview-update ◄──┘  (stores for the REST API)
 *                                                 └─ invalid ───── and late (join, windows, harsh-braking-late) ──► {prefix}-dead-letters
 * </pre>
 * ┄►: the join also takes each record as it comes, whether the merge holds it or not, and pairs it then; its clock moves
 * with the merged stream ({@link JoinProcessor}).
 * Every processor, store and sink is named ({@code Topology.describe()} prints them; docs/architecture.md shows it).
 */
public final class FleetTopology {

    /**
     * The merge's children: the join also takes each record as it comes, the join and the summaries keep a clock, the
     * detector is told when the inputs stop (a brake at a ride's very end waits for that ride's later records), and
     * all but the ride overview take the samples ({@link #FIXES_ONLY}), in the order they are added below (the
     * summaries after the detector, which also feeds them).
     */
    static final MergeReaders MERGE_READERS = new MergeReaders(JoinProcessor.NAME,
            List.of(JoinProcessor.NAME, SummaryProcessor.NAME), List.of(HarshBraking.NAME),
            List.of(JoinProcessor.NAME, HarshBraking.NAME, SummaryProcessor.NAME));
    /** The merge's children that take only its GPS fixes: the overview's track and distance need no samples. */
    static final List<String> FIXES_ONLY = List.of(RideOverview.NAME);

    private FleetTopology() {
    }

    public static Topology buildTopology(AppConfig config) {
        Topics topics = config.topics();
        TimePolicy time = config.time();
        DslStoreSuppliers stores = config.storeSuppliers();
        Topology topology = new Topology(new TopologyConfig(new StreamsConfig(config.streamsProperties())));

        // One per topology, so per app instance: the extractor records each input partition's next record, the merge
        // reads it (InputHeads explains why a head seen by another thread of the instance is still safe to use).
        InputHeads heads = new InputHeads();
        List<String> checks = Ingest.addInputs(topology, topics.locations(), topics.accelerations(),
                List.of(ReadingsInOrder.NAME), heads, EventTimes.offsetEpoch(config.streamsProperties()));
        topology.addProcessor(ReadingsInOrder.NAME, () -> new ReadingsInOrder(time.inputIdle().toMillis(),
                time.inputStopped().toMillis(), config.topics().locations(), config.topics().accelerations(), heads,
                MERGE_READERS, time.bothInputsIdle().toMillis(), time.missingRecordWait().toMillis()),
                checks.toArray(String[]::new));
        // In memory (changelogged): it holds records for milliseconds, and each is deleted right after.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReadingsInOrder.STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Changelogs.keyValue()),
                ReadingsInOrder.NAME);

        GpsAccelJoin.addTo(topology, time, stores, ReadingsInOrder.NAME);
        HarshBraking.addTo(topology, config.braking(), time.toleratedDisorder().toMillis(), SummaryProcessor.NAME,
                ReadingsInOrder.NAME);
        CarSummaries.addTo(topology, time, time.summaryGrace(config.braking().maxEmitDelay()).toMillis(),
                List.of(RideOverview.NAME), ReadingsInOrder.NAME, HarshBraking.NAME);
        RideOverview.addTo(topology, stores, config.exactlyOnce(), ReadingsInOrder.NAME, HarshBraking.NAME,
                SummaryProcessor.NAME);

        // The join forwards its pairs as JSON bytes already (JoinedJson), equal to FleetSerdes.joinedReading()'s.
        topology.addSink(JoinProcessor.SINK, topics.joined(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), JoinProcessor.NAME);
        topology.addSink(HarshBraking.SINK, topics.harshBraking(), Serdes.String().serializer(),
                FleetSerdes.harshBrakingAlert().serializer(), HarshBraking.NAME);
        topology.addSink(SummaryProcessor.SINK, topics.carSummaries(), Serdes.String().serializer(),
                FleetSerdes.carSummary().serializer(), SummaryProcessor.NAME);
        topology.addSink(DeadLetters.SINK, topics.deadLetters(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), checks.get(0), checks.get(1), JoinProcessor.NAME, SummaryProcessor.NAME,
                HarshBraking.LATE);
        checkMergeReaders(topology);
        return topology;
    }

    /**
     * Every child of the merge takes its samples or is declared fix-only, so none is left without samples by mistake;
     * and every reader {@link #MERGE_READERS} names is a child, so none is named that is not (Kafka Streams would
     * refuse the first forward to it, at run time).
     */
    private static void checkMergeReaders(Topology topology) {
        Set<String> children = new HashSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node.name().equals(ReadingsInOrder.NAME)) {
                    node.successors().forEach(child -> children.add(child.name()));
                }
            }
        }
        Set<String> declared = new HashSet<>(MERGE_READERS.samples());
        declared.addAll(FIXES_ONLY);
        Set<String> named = new HashSet<>(declared);
        named.addAll(MERGE_READERS.clocks());
        named.addAll(MERGE_READERS.stops());
        named.add(MERGE_READERS.onArrival());
        if (!declared.containsAll(children) || !children.containsAll(named)) {
            throw new IllegalStateException(ReadingsInOrder.NAME + "'s children " + children + " are not the sample"
                    + " readers and fix-only readers FleetTopology declares (" + declared + "), or do not hold every"
                    + " reader it names (" + named + ")");
        }
    }
}
