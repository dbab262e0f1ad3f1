package org.fleetstreams.braking;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * Runs the {@link BrakingDetector} per ride, with the ride's state in the {@value HarshBraking#STORE} store.
 * Alerts are timestamped at the event's end (they are emitted 2 s after it, the merge gap, well inside the summary
 * windows' grace); digests at their fix.
 */
final class BrakingProcessor implements FixedKeyProcessor<String, SensorReading, BrakingOutput> {

    private final BrakingDetector detector;
    private FixedKeyProcessorContext<String, BrakingOutput> context;
    private KeyValueStore<String, DetectorState> states;

    BrakingProcessor(BrakingConfig config) {
        this.detector = new BrakingDetector(config);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, BrakingOutput> context) {
        this.context = context;
        this.states = context.getStateStore(HarshBraking.STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, SensorReading> record) {
        DetectorState state = states.get(record.key());
        if (state == null) {
            state = new DetectorState();
        }
        var outputs = record.value() instanceof LocationFix fix ? detector.onFix(state, fix)
                : detector.onSample(state, (AccelerationSample) record.value());
        states.put(record.key(), state);
        for (BrakingOutput output : outputs) {
            long timestamp = output.isAlert() ? output.alert().endTime() : record.timestamp();
            context.forward(record.withValue(output).withTimestamp(timestamp));
        }
    }
}
