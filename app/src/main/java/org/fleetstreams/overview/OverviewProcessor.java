package org.fleetstreams.overview;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleetstreams.common.CarSummary;

/**
 * Folds fixes and alerts into the ride's {@link RideState} and puts each window summary into the windows store (the
 * latest value per window wins). Counts alerts by severity in the {@code harsh-braking-alert-total} metric (group
 * {@code stream-fleetstreams-metrics}, tag {@code fleetstreams-id} = severity). Forwards nothing.
 */
final class OverviewProcessor implements Processor<String, Object, Void, Void> {

    private KeyValueStore<String, RideState> rides;
    private WindowStore<String, CarSummary> windows;
    private ProcessorContext<Void, Void> context;
    private final Map<String, Sensor> alertSensors = new HashMap<>();

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.rides = context.getStateStore(RideOverview.STORE);
        this.windows = context.getStateStore(RideOverview.WINDOWS);
        // Created with the task, so the metrics exporter (bound when the app becomes RUNNING) sees them from the start.
        for (String severity : new String[] {"moderate", "harsh", "severe"}) {
            sensor(severity);
        }
    }

    private Sensor sensor(String severity) {
        return alertSensors.computeIfAbsent(severity, s -> context.metrics()
                .addRateTotalSensor("fleetstreams", s, "harsh-braking-alert", Sensor.RecordingLevel.INFO));
    }

    @Override
    public void process(Record<String, Object> record) {
        OverviewInput in = OverviewInput.of(record.value());
        String ride = record.key();
        if (in == null || ride == null) {
            return;
        }
        if (in.summary() != null) {
            windows.put(ride, in.summary(), in.summary().windowStart());
            return;
        }
        RideState state = rides.get(ride);
        if (state == null) {
            state = RideState.empty(ride);
        }
        if (in.fix() != null) {
            state = state.withFix(in.fix());
        } else {
            state = state.withAlert(in.alert());
            sensor(String.valueOf(in.alert().severity())).record();
        }
        rides.put(ride, state);
    }
}
