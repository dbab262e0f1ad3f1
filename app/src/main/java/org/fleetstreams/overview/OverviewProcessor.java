package org.fleetstreams.overview;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.state.QuietRides;

/**
 * Folds fixes and alerts into the ride's {@link RideState} and puts each window summary into the windows store (the
 * latest value per window wins). Counts alerts by severity in the {@code harsh-braking-alert-total} metric (group
 * {@code stream-fleetstreams-metrics}, tag {@code fleetstreams-id} = severity). Forwards nothing.
 *
 * <p>The states of the {@value #RECENT_RIDES} rides updated last are kept as objects beside the store, and a fix or
 * an alert of one of them starts from that object: while live, commits come every few tens of ms, so a fix rarely
 * found its ride's state still pending in the store written at commit, and read it from RocksDB and parsed its JSON
 * (as it then was) with the track (the processor 10.3 % of the live stream thread, the read 9.7 %, in a 20x demo a minute in; 0.8 %
 * with this: docs/benchmarks.md, "Session of 2026-12-02"). The store stays the truth: this processor is its only
 * writer, so a kept state is what the store holds or will hold at the commit, and the kept states are dropped whenever
 * the task (re)starts, as its stores may then be older. The memory: up to about 30 KB per state (300 track points,
 * 50 alerts), so about 30 MB per task at worst, a few MB for rides of tens of fixes. With more rides active per task
 * than that, in turn (a large catch-up), the kept states give no hits and the states put since the commit serve as
 * before.
 */
final class OverviewProcessor implements Processor<String, Object, Void, Void> {

    /** Rides per task whose state is kept as an object (a state holds up to {@value RideState#TRACK_SIZE} fixes). */
    static final int RECENT_RIDES = 1024;
    /**
     * A ride quiet for this long in event time ({@link QuietRides}) leaves the overview, and so the fleet answer and
     * the dashboard: a live fleet gets new ride ids with every trip, and a state of up to about 30 KB per ride kept
     * for good would make every fleet answer longer, each second the dashboard asks. As long as the windows store
     * keeps a ride's windows ({@link RideOverview.WINDOWS_RETENTION}).
     */
    static final long QUIET_RIDE_MS = RideOverview.WINDOWS_RETENTION.toMillis();
    /** Fixes and alerts between two looks: about a minute of a task's fixes with 80 rides at 1 s. */
    private static final int LOOK_EVERY_INPUTS = 5_000;

    private final Map<String, RideState> recent;
    private KeyValueStore<String, RideState> rides;
    private WindowStore<String, CarSummary> windows;
    private ProcessorContext<Void, Void> context;
    private final Map<String, Sensor> alertSensors = new HashMap<>();
    private final QuietRides quiet;

    OverviewProcessor() {
        this(RECENT_RIDES);
    }

    /** @param recentRides how many rides' states to keep as objects (least recently updated dropped first) */
    OverviewProcessor(int recentRides) {
        this(recentRides, LOOK_EVERY_INPUTS);
    }

    /** @param lookEvery fixes and alerts between two looks for quiet rides (tests look more often) */
    OverviewProcessor(int recentRides, int lookEvery) {
        this.quiet = new QuietRides(QUIET_RIDE_MS, lookEvery);
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RideState> eldest) {
                return size() > recentRides;
            }
        };
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        recent.clear();
        this.rides = context.getStateStore(RideOverview.STORE);
        this.windows = context.getStateStore(RideOverview.WINDOWS);
        quiet.clear();
        try (KeyValueIterator<String, RideState> all = rides.all()) {
            all.forEachRemaining(e -> quiet.seen(e.key, lastTime(e.value)));
        }
        // Created with the task, so the metrics exporter (bound when the app becomes RUNNING) sees them from the start.
        for (String severity : HarshBrakingAlert.SEVERITIES) {
            sensor(severity);
        }
    }

    /** The state's latest fix or alert end: what {@link #quiet} saw of the ride before a restart. */
    private static long lastTime(RideState state) {
        long t = state.lastTime();
        for (HarshBrakingAlert a : state.alerts()) {
            t = Math.max(t, a.endTime());
        }
        return t;
    }

    private Sensor sensor(String severity) {
        return alertSensors.computeIfAbsent(severity, s -> context.metrics()
                .addRateTotalSensor(DeadLetters.METRIC_SCOPE, s, "harsh-braking-alert", Sensor.RecordingLevel.INFO));
    }

    @Override
    public void close() {
        recent.clear();
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
        long t = in.fix() != null ? in.fix().eventTime() : in.alert().endTime();
        RideState state = null;
        // A ride back after the quiet time is a new one, whether or not a look has forgotten it meanwhile (looks come
        // at other moments after a restart).
        if (!quiet.seen(ride, t)) {
            state = recent.get(ride);
            if (state == null) {
                state = rides.get(ride);
            }
        }
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
        recent.put(ride, state);
        quiet.sweep(gone -> {
            rides.delete(gone);
            recent.remove(gone);
        });
    }
}
