package org.fleetstreams.join;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.StoreFormat;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.Arrival;
import org.fleetstreams.time.EventClock;
import org.fleetstreams.time.InputsIdle;

/**
 * The course's GPS x accelerometer join, per ride in event time, on one {@link EventClock}: every sample paired with
 * every fix of the same ride at most {@code differenceMs} apart, each pair written once, as soon as the second of the
 * two arrives (output timestamp: the later of the two). A record more than {@code graceMs} behind the clock may have
 * lost partners that were already forgotten: it joins nothing and goes to the dead-letter topic as {@code late}
 * (result {@code joined}), counted in {@code late-total}. Nothing is dropped without a trace, and which pairs exist
 * does not depend on how Kafka Streams interleaved the two inputs' partitions.
 *
 * <p>Two feeds from {@code readings-in-order}: every record as it arrives ({@link Arrival}), which is paired then, and
 * the same record again when the merge lets it go in event-time order, which moves the clock. Pairing needs no order,
 * so a pair is not kept waiting for the merge (at 1x a sample waits there for its partition's next GPS fix); the
 * clock does, because an input is only idle when the merge says so (silent, and read to its end at a look at the
 * broker), not after wall-clock silence alone.
 *
 * <p>State: {@value #FIXES}, a changelogged key-value store ({@code <ride>/<number>}: written once per fix, deleted
 * when the clock forgets it), {@value #SAMPLES}, a cached
 * key-value store of samples in chunks ({@link SampleChunks}: one changelog record per chunk and commit, not per
 * sample), and the clock in {@value #CLOCK}; none is read on the hot path. Reads come from an in-memory copy per ride,
 * rebuilt from the stores whenever the task (re)starts.
 */
public final class JoinProcessor implements Processor<String, Object, String, Object> {

    public static final String NAME = "accel-gps-join";
    public static final String FIXES = "accel-gps-join-fixes";
    public static final String SAMPLES = "accel-gps-join-samples";
    public static final String CLOCK = "accel-gps-join-clock";
    public static final String SINK = "joined-sink";
    /** The result a late dead letter of the join names, and its {@code late-total} tag. */
    public static final String RESULT = "joined";
    private static final String CLOCK_KEY = "clock";
    /**
     * Beside the clock: the margin behind it this run forgets from ({@code graceMs + differenceMs}), and before which
     * time earlier runs may have forgotten a ride's records. A restart with a larger margin (more tolerated disorder,
     * a wider join window) would otherwise take a record as on time whose partners an earlier run had already deleted,
     * and lose its pairs without a trace.
     */
    private static final String FORGOTTEN_KEY = "forgotten";
    private static final StoreFormat FORGOTTEN = new StoreFormat(CLOCK + " forgotten", (byte) 1);

    private final long differenceMs;
    private final long graceMs;
    /** What a late record's dead letter says of the join's rule. */
    private final String lateRule;
    private final EventClock clock;
    private KeyValueStore<String, Encoded> clockStore;
    private WriteAtCommitStore.Slot<Encoded> clockSlot;
    private final Encoded clockEncoded;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, LocationFix> fixStore;
    private SampleChunks sampleChunks;
    private Sensor late;
    private final Map<String, RideBuffer> rides = new HashMap<>();
    /** Records before this time may have been forgotten by an earlier run; {@link EventClock#NONE} when none was. */
    private long forgottenBefore = EventClock.NONE;
    /** Whether this run has put its margin in the store: once, with its first record (no record context in init). */
    private boolean forgottenSaved;
    private long lastSweep = Long.MIN_VALUE;
    /** Where each pair's sample half is written before it is copied behind the fix's half: one per processor. */
    private final byte[] scratch = JoinedJson.scratch();

    /**
     * @param differenceMs a sample and a fix join when at most this far apart
     * @param graceMs      a record this far behind the clock still joins (the tolerated disorder)
     * @param clock        this result's clock, fresh
     */
    public JoinProcessor(long differenceMs, long graceMs, EventClock clock) {
        this.differenceMs = differenceMs;
        this.graceMs = graceMs;
        this.lateRule = DeadLetters.behindClock(graceMs);
        this.clock = clock;
        this.clockEncoded = clock::toBytes;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.fixStore = context.getStateStore(FIXES);
        this.sampleChunks = new SampleChunks(context.getStateStore(SAMPLES));
        this.clockStore = context.getStateStore(CLOCK);
        this.clockSlot = WriteAtCommitStore.slot(clockStore, CLOCK_KEY);
        this.late = DeadLetters.sensor(context, RESULT, DeadLetters.LATE_METRIC);
        Encoded saved = clockStore.get(CLOCK_KEY);
        clock.reset();
        lastSweep = Long.MIN_VALUE;
        if (saved != null) {
            clock.restore(saved.bytes());
        }
        clock.start();
        // after start(): time() also moves the clock by what its inputs' silence says, and a revived instance's
        // silence, from work rolled back, must not move the restored clock
        forgottenBefore = forgottenBefore(clockStore.get(FORGOTTEN_KEY), clock.time(), graceMs + differenceMs);
        forgottenSaved = false;
        rides.clear();
        List<KeyValue<Long, LocationFix>> fixes = new ArrayList<>();
        try (KeyValueIterator<String, LocationFix> all = fixStore.all()) {
            all.forEachRemaining(e -> fixes.add(KeyValue.pair(fixNumber(e.key), e.value)));
        }
        List<KeyValue<String, JoinSample>> samples = new ArrayList<>();
        sampleChunks.restore((ride, sample) -> samples.add(KeyValue.pair(ride, sample)));
        fixes.sort(Comparator.comparingLong(e -> e.key)); // each ride's in the order they arrived
        samples.sort(Comparator.comparingLong(e -> e.value.eventTime()));
        fixes.forEach(e -> {
            RideBuffer buffer = rides.computeIfAbsent(e.value.rideId(), r -> new RideBuffer());
            buffer.add(JoinedJson.HeldFix.of(e.value), fixKey(e.value.rideId(), e.key));
            buffer.nextFix = Math.max(buffer.nextFix, e.key + 1);
        });
        samples.forEach(e -> rides.computeIfAbsent(e.key, r -> new RideBuffer()).add(e.value));
    }

    /**
     * An {@link Arrival} is paired at once with what its ride has of the other input; the same record again, as the
     * merge lets it go in event-time order, only moves the clock. So a pair does not wait for the merge (at 1x a
     * sample waits there for its partition's next GPS fix), while the clock, which decides what is late and what can
     * be forgotten, keeps the merge's judgement of a paused input (a broker look, not only wall-clock silence).
     */
    @Override
    public void process(Record<String, Object> record) {
        if (!forgottenSaved) {
            saveForgotten();
        }
        if (record.value() instanceof Arrival arrival) {
            pair(record, arrival.checked());
        } else if (record.value() == InputsIdle.INSTANCE) {
            clock.inputsIdle();
            moved();
        } else {
            tick((SensorReading) ((Checked<?>) record.value()).value());
        }
    }

    /** The merge let a record go: the clock moves, and what no partner can reach any more is forgotten. */
    private void tick(SensorReading reading) {
        clock.observe(reading instanceof LocationFix, reading.eventTime(), context.currentSystemTimeMs());
        moved();
    }

    /** The clock may have moved: what no partner can reach any more is forgotten. */
    private void moved() {
        long now = clock.time();
        clockSlot.put(clockEncoded);
        if (now != EventClock.NONE) {
            sweep(now, now - graceMs - differenceMs);
        }
    }

    /**
     * A record as it arrives: late if more than the grace behind the clock (its partners may be forgotten), else
     * paired with every partner its ride holds and kept for partners still to come. The clock is at most where it is
     * once this record is let go (there already when the merge lets it go at once), so nothing is judged late here that
     * would not be late there.
     */
    private void pair(Record<String, Object> record, Checked<?> checked) {
        SensorReading reading = (SensorReading) checked.value();
        String ride = record.key();
        if (ClosingRecords.isClosing(ride)) {
            return;
        }
        long t = reading.eventTime();
        long now = clock.time();
        // NONE: one input has not delivered yet and is still waited for; nothing can be late or forgotten then.
        if (now != EventClock.NONE && now - t > graceMs) {
            DeadLetters.forward(context, record, checked.raw(),
                    DeadLetters.late(context, record.headers(), checked.source(), RESULT, now - t,
                            lateRule));
            late.record(); // after the write, as the summaries count: a failed write must not count a dead letter
            return;
        }
        if (t - differenceMs < forgottenBefore) {
            // on time by this run's margin, but partners within the join window may be gone: a larger margin than an
            // earlier run's (never with unchanged settings: then forgottenBefore <= now - margin <= t - differenceMs)
            DeadLetters.forward(context, record, checked.raw(),
                    DeadLetters.late(context, record.headers(), checked.source(), RESULT,
                            forgottenBefore - (t - differenceMs), forgottenRule(forgottenBefore)));
            late.record();
            return;
        }
        long keepFrom = now == EventClock.NONE ? EventClock.NONE : now - graceMs - differenceMs;
        RideBuffer buffer = rides.computeIfAbsent(ride, r -> new RideBuffer());
        buffer.forgetBefore(keepFrom, fixStore);
        SampleChunks.Ride chunks = buffer.chunks(sampleChunks, ride, false);
        if (chunks != null) {
            sampleChunks.forgetBefore(chunks, keepFrom);
        }
        if (reading instanceof AccelerationSample accelerationSample) {
            JoinSample sample = JoinSample.of(accelerationSample);
            for (JoinedJson.HeldFix fix : buffer.fixes) {
                if (Math.abs(fix.eventTime() - t) <= differenceMs) {
                    emit(record, sample, fix);
                }
            }
            buffer.add(sample);
            sampleChunks.add(buffer.chunks(sampleChunks, ride, true), sample);
        } else {
            LocationFix fix = (LocationFix) reading;
            JoinedJson.HeldFix held = JoinedJson.HeldFix.of(fix);
            buffer.samples.forEachWithin(t - differenceMs, t + differenceMs,
                    (sampleTime, x, y, z) -> emit(record, sampleTime, x, y, z, held));
            String key = fixKey(ride, buffer.nextFix++);
            buffer.add(held, key);
            fixStore.put(key, fix);
        }
    }

    /**
     * Where an earlier run may have forgotten up to: the larger of what it saved and its clock less its margin ({@code
     * saved} null: a store from before this key, whose run is taken to have had this run's margin, as it then did).
     */
    static long forgottenBefore(Encoded saved, long clockTime, long margin) {
        long before = EventClock.NONE;
        long savedMargin = margin;
        if (saved != null) {
            ByteBuffer b = FORGOTTEN.open(saved.bytes());
            savedMargin = b.getLong();
            before = b.getLong();
        }
        return clockTime == EventClock.NONE ? before : Math.max(before, clockTime - savedMargin);
    }

    private void saveForgotten() {
        byte[] bytes = FORGOTTEN.allocate(16).putLong(graceMs + differenceMs).putLong(forgottenBefore).array();
        clockStore.put(FORGOTTEN_KEY, () -> bytes);
        forgottenSaved = true;
    }

    private static String forgottenRule(long forgottenBefore) {
        return "what its task held before " + Instant.ofEpochMilli(forgottenBefore) + ", forgotten by an earlier run"
                + " that tolerated less disorder or joined over a narrower window";
    }

    /**
     * A fix's key: its ride and a number that grows with every fix of the ride; the number is after the last {@code /},
     * so a ride id may hold any character. A ride's numbers start again at 0 only once none of its keys is left.
     */
    static String fixKey(String ride, long number) {
        return ride + "/" + number;
    }

    private static long fixNumber(String key) {
        try {
            return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("store " + FIXES + " holds a key that is no <ride>/<number> (a window"
                    + " store's, from a build before 2026-12-03?): reset the application", e);
        }
    }

    /** Forwards the pair's JSON ({@link JoinedJson}: the fix's half written once per fix). */
    private void emit(Record<String, Object> record, JoinSample sample, JoinedJson.HeldFix fix) {
        emit(record, sample.eventTime(), sample.x(), sample.y(), sample.z(), fix);
    }

    private void emit(Record<String, Object> record, long sampleTime, double x, double y, double z,
                      JoinedJson.HeldFix fix) {
        byte[] pair = JoinedJson.pair(record.key(), sampleTime, x, y, z, fix, scratch);
        context.forward(new Record<String, Object>(record.key(), pair, Math.max(sampleTime, fix.eventTime()),
                record.headers()), SINK);
    }

    /**
     * Every few seconds of stream time, forgets what no partner can still reach, also for rides gone quiet. (Until
     * the first sweep, {@code lastSweep} is {@link Long#MIN_VALUE}, and {@code now - lastSweep} would overflow.)
     */
    private void sweep(long now, long keepFrom) {
        if (lastSweep != Long.MIN_VALUE && now - lastSweep < 10_000) {
            return;
        }
        lastSweep = now;
        rides.entrySet().removeIf(e -> {
            e.getValue().forgetBefore(keepFrom, fixStore);
            sampleChunks.forgetBefore(e.getKey(), keepFrom);
            return e.getValue().fixes.isEmpty() && e.getValue().samples.isEmpty();
        });
    }
}
