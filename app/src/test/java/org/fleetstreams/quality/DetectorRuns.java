package org.fleetstreams.quality;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.ScratchDir;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.BrakingDetector;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/**
 * Runs the detector over a data set in replay order (the replayer's own reader and schedule, epoch
 * {@link TopologyFixture#EPOCH}): through the whole topology in a TopologyTestDriver, or, for threshold sweeps,
 * straight through {@link BrakingDetector} per ride, which is what the topology's detector node does.
 */
final class DetectorRuns {

    /**
     * Alerts, each ride's detector state at the end, each ride's last offset, each ride's forward axis when it was
     * first calibrated, and (direct runs; −1 otherwise) the longest time from an alert's end to the record that emitted it.
     */
    record Result(List<HarshBrakingAlert> alerts, Map<String, DetectorState> states, Map<String, Double> lastOffsets,
                  Map<String, Calibration> firstCalibrations, long records, double seconds, long maxEmitDelayMs) {
    }

    /** The forward axis the detector fitted, and the offset of the fix after which it had it. */
    record Calibration(double offset, double[] axis) {
    }

    private DetectorRuns() {
    }

    /** Several runs' results as one. */
    static Result merge(List<Result> parts) {
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        Map<String, DetectorState> states = new HashMap<>();
        Map<String, Double> lastOffsets = new HashMap<>();
        Map<String, Calibration> first = new HashMap<>();
        long records = 0;
        double seconds = 0;
        long delay = -1;
        for (Result r : parts) {
            delay = Math.max(delay, r.maxEmitDelayMs());
            alerts.addAll(r.alerts());
            states.putAll(r.states());
            lastOffsets.putAll(r.lastOffsets());
            first.putAll(r.firstCalibrations());
            records += r.records();
            seconds += r.seconds();
        }
        return new Result(alerts, states, lastOffsets, first, records, seconds, delay);
    }

    static Result direct(Path data, BrakingConfig config) throws IOException {
        long start = System.nanoTime();
        BrakingDetector detector = new BrakingDetector(config);
        Map<String, DetectorState> states = new HashMap<>();
        Map<String, Double> lastOffsets = new HashMap<>();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        Map<String, Calibration> first = new HashMap<>();
        long records = 0;
        long[] emitDelayMs = {0};
        try (ReplaySchedule schedule = schedule(data)) {
            while (schedule.hasNext()) {
                SensorReading r = reading(schedule.next());
                DetectorState s = states.computeIfAbsent(r.rideId(), k -> new DetectorState());
                lastOffsets.put(r.rideId(), r.offset());
                List<BrakingOutput> out = r instanceof LocationFix f ? detector.onFix(s, f)
                        : detector.onSample(s, (AccelerationSample) r);
                out.stream().filter(BrakingOutput::isAlert).forEach(o -> {
                    alerts.add(o.alert());
                    emitDelayMs[0] = Math.max(emitDelayMs[0], r.eventTime() - o.alert().endTime());
                });
                if (r instanceof LocationFix && s.calibrated()) {
                    first.putIfAbsent(r.rideId(), new Calibration(r.offset(), s.forwardAxis()));
                }
                records++;
            }
        }
        return new Result(alerts, states, lastOffsets, first, records, (System.nanoTime() - start) / 1e9, emitDelayMs[0]);
    }

    static Result topology(Path data, BrakingConfig braking) throws IOException {
        try (ScratchDir stateDir = ScratchDir.create("quality-state")) {
            return topology(data, braking, stateDir.path());
        }
    }

    private static Result topology(Path data, BrakingConfig braking, Path stateDir) throws IOException {
        long start = System.nanoTime();
        // The app's own configuration (AppConfig.defaults, no broker needed in a driver) with these thresholds.
        // In-memory stores: the driver commits, and so flushes every store, after each record. With RocksDB that is
        // an SST flush per record, and 200 cars took over 14 minutes (stopped unfinished). The topology is the same.
        AppConfig config = AppConfig.defaults("unused:9092", Topics.withPrefix("quality")).withApplicationId("quality-report")
                .withStateDir(stateDir).withBraking(braking).withOverrides(Map.of(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName()));
        Map<String, Double> lastOffsets = new HashMap<>();
        List<HarshBrakingAlert> alerts = new ArrayList<>();
        Map<String, DetectorState> states = new HashMap<>();
        Map<String, Calibration> first = new HashMap<>();
        long records = 0;
        try (ReplaySchedule schedule = schedule(data); TopologyFixture app = new TopologyFixture(config)) {
            var out = app.driver.createOutputTopic(config.topics().harshBraking(), new StringDeserializer(),
                    FleetSerdes.harshBrakingAlert().deserializer());
            // The other outputs are not scored here; read them as bytes and let go, or the driver keeps them all.
            List<TestOutputTopic<String, byte[]>> others = List.of(config.topics().joined(), config.topics().carSummaries(),
                            config.topics().deadLetters()).stream()
                    .map(t -> app.driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer())).toList();
            while (schedule.hasNext()) {
                SensorReading r = reading(schedule.next());
                lastOffsets.put(r.rideId(), r.offset());
                if (r instanceof LocationFix f) {
                    app.pipe(f);
                    if (!first.containsKey(f.rideId())) {
                        DetectorState s = app.driver.<String, DetectorState>getKeyValueStore(HarshBraking.STORE).get(f.rideId());
                        if (s != null && s.calibrated()) {
                            first.put(f.rideId(), new Calibration(f.offset(), s.forwardAxis()));
                        }
                    }
                } else {
                    app.pipe((AccelerationSample) r);
                }
                if (++records % 2_000 == 0) {
                    others.forEach(o -> o.readRecordsToList());
                    alerts.addAll(out.readValuesToList());
                }
            }
            alerts.addAll(out.readValuesToList());
            try (KeyValueIterator<String, DetectorState> it =
                         app.driver.<String, DetectorState>getKeyValueStore(HarshBraking.STORE).all()) {
                while (it.hasNext()) {
                    KeyValue<String, DetectorState> kv = it.next();
                    states.put(kv.key, kv.value);
                }
            }
        }
        return new Result(alerts, states, lastOffsets, first, records, (System.nanoTime() - start) / 1e9, -1);
    }

    private static ReplaySchedule schedule(Path data) {
        return new ReplaySchedule(BddDataset.open(data), ClockMode.OFFSET, TopologyFixture.EPOCH, 1, 10_000, new RowSkips());
    }

    private static SensorReading reading(ScheduledReading next) {
        SensorReading r = next.reading();
        return r.withIdentity(r.id(), r.rideId(), r.uuid(), next.eventTimeMillis());
    }
}
