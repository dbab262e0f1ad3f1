package org.fleetstreams.braking;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.state.WriteAtCommitStore;

/**
 * The harsh-braking part of the topology: {@value #NAME} takes both inputs' valid readings of a ride, keeps the
 * ride's detector state in {@value #STORE} (in memory, changelogged) and writes alerts to {@value #SINK}.
 *
 * <p>A ride's state changes with every 50 Hz sample; a restore needs it once per commit. The store is a
 * {@link WriteAtCommitStore}: a put files a reference, and each changed state is serialised and written once, just
 * before the commit (Kafka Streams' record cache does the same count of writes, but serialises on every put).
 */
public final class HarshBraking {

    public static final String NAME = "harsh-braking-detector";
    public static final String STORE = "harsh-braking-state";
    public static final String SINK = "harsh-braking-sink";
    /**
     * Passes the detector's dead letters (readings it refused as late) on to the dead-letter sink, and nothing else:
     * alerts go to every child of the detector, and the dead-letter sink must not get them.
     */
    public static final String LATE = "harsh-braking-late";
    /** The result a late dead letter of the detector names, and its {@code late-total} tag. */
    public static final String RESULT = "harsh-braking";
    /**
     * Header on every alert: the input record of its ride that let the detector decide, as {@code fix:<event time>} or
     * {@code sample:<event time>} (epoch ms), or {@code silent:<event time>} for a ride that sent nothing more, decided
     * when its task's time reached that (BrakingDetector#onRideSilent), or {@code stopped:<event time>} for one decided
     * so because the inputs stopped for a minute ({@code time.ReadingsStopped}), at the time its silence ends.
     * Consumers that only read the JSON value never see it; the latency benchmark measures from that record's arrival.
     */
    public static final String DECIDED_AT_HEADER = "fleetstreams.decided-at";
    /**
     * Streams setting: {@code false} leaves an alert to the next scheduled commit instead of asking for one at once
     * (to measure what that saves). Default true.
     */
    public static final String COMMIT_ON_ALERT_CONFIG = "fleetstreams.braking.commit-on-alert";

    /** The detector state's store format: fixed binary (written at 50 Hz per car), see {@link DetectorState#toBytes()}. */
    public static final Serde<DetectorState> STATE_SERDE = StoreFormat.serde(DetectorState::toBytes, DetectorState::fromBytes);

    private HarshBraking() {
    }

    /**
     * Adds the detector, fed by {@code parents}, sending its outputs to {@code summaryNode}, and its store (in memory,
     * changelogged: the detector reads it only when its task starts, {@link WriteAtCommitStore#inMemory}).
     *
     * @param disorderMs how far out of event-time order the input may be: a ride is taken to have ended only after a
     *                   silence longer than that ({@link BrakingProcessor})
     */
    public static void addTo(Topology topology, BrakingConfig config, long disorderMs, String summaryNode,
                             String... parents) {
        topology.addProcessor(NAME, () -> new BrakingProcessor(config, summaryNode, disorderMs), parents);
        topology.addStateStore(WriteAtCommitStore.inMemory(STORE, Serdes.String(), STATE_SERDE), NAME);
        topology.addProcessor(LATE, LateOnly::new, NAME);
    }

    /** {@value #LATE}: dead letters (raw bytes) go on, alerts stop here. */
    private static final class LateOnly implements Processor<String, Object, String, Object> {
        private ProcessorContext<String, Object> context;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, Object> record) {
            if (record.value() instanceof byte[]) {
                context.forward(record);
            }
        }
    }
}
