package org.fleetstreams.braking;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.state.QuietRides;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.ReadingsStopped;

/**
 * Runs the {@link BrakingDetector} per ride, with the ride's state in the {@value HarshBraking#STORE} store. Alerts,
 * timestamped at the event's end, go to every child ({@value HarshBraking#SINK}, the summaries, the overview); the
 * per-fix deceleration digests (timestamped at their fix) only to the summaries, {@code summaryNode}. An alert leaves at
 * most {@link BrakingConfig#maxEmitDelay()} after the event's end, which the summary grace covers, except that of a
 * brake at a ride's very end: it is decided once the task's time has passed the ride's last record by the silence
 * below, or once the inputs have stopped for a minute ({@link ReadingsStopped}), and a summary window that closed
 * meanwhile counts it as a late dead letter.
 *
 * <p>Reads come from an in-memory copy of the store, rebuilt whenever the task (re)starts; each change is put to the
 * store ({@link org.fleetstreams.state.WriteAtCommitStore}), which writes a ride's state once per commit.
 */
final class BrakingProcessor implements Processor<String, Object, String, Object> {

    private final BrakingDetector detector;
    private final String summaryNode;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, DetectorState> store;
    private final Map<String, Ride> rides = new HashMap<>();

    /**
     * A ride quiet this long in event time ({@link QuietRides}) is over: its detector state is deleted, from memory
     * and from the store, so a long-running app does not keep the state (about 4 KB) of every ride it ever saw. A
     * ride that comes back later starts afresh, as it should after a long stop: the phone may have been moved, so
     * gravity and the forward axis are learnt again. The REST API then reports its detector as unknown.
     */
    static final long QUIET_RIDE_MS = 10 * 60_000;
    /** About a minute of a busy task's input at 1x (20 rides at 50 Hz); a look sorts the task's rides' times. */
    private static final int LOOK_EVERY_READINGS = 50_000;

    /** A ride's detector state and its key in the store. */
    private record Ride(DetectorState state, WriteAtCommitStore.Slot<DetectorState> slot) {
    }

    /** A ride whose event waits for its own later records, and when its silence is to be checked. */
    private record Pending(long due, String ride) {
    }

    private final QuietRides quiet;
    private boolean commitOnAlert;
    private Sensor late;
    /** Rides with an undecided event ({@link BrakingDetector#undecided}), soonest silence check first. */
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(Comparator.comparingLong(Pending::due)
            .thenComparing(Pending::ride)); // ties in ride order: the same alert order after a restart
    private final Set<String> pendingRides = new HashSet<>();

    /**
     * How long a ride with an undecided event must have sent nothing, in its task's event time, to be taken as ended:
     * the detector's own silence ({@link BrakingDetector#SILENT_MS}) plus the disorder the input may have, so that a
     * ride whose next record comes up to that much out of order is not taken for one that ended.
     */
    private final long silentAfterMs;

    BrakingProcessor(BrakingConfig config, String summaryNode, long disorderMs) {
        this(config, summaryNode, LOOK_EVERY_READINGS, disorderMs);
    }

    /**
     * @param lookEvery  readings between two looks for quiet rides (tests look more often)
     * @param disorderMs how far out of event-time order the input may be
     */
    BrakingProcessor(BrakingConfig config, String summaryNode, int lookEvery, long disorderMs) {
        this.detector = new BrakingDetector(config);
        this.summaryNode = summaryNode;
        this.quiet = new QuietRides(QUIET_RIDE_MS, lookEvery);
        this.silentAfterMs = BrakingDetector.SILENT_MS + disorderMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(HarshBraking.STORE);
        this.commitOnAlert = PropertiesFiles.flag(context.appConfigs(), HarshBraking.COMMIT_ON_ALERT_CONFIG, true);
        this.late = DeadLetters.sensor(context, HarshBraking.RESULT, DeadLetters.LATE_METRIC);
        rides.clear();
        quiet.clear();
        pending.clear();
        pendingRides.clear();
        try (KeyValueIterator<String, DetectorState> all = store.all()) {
            all.forEachRemaining((KeyValue<String, DetectorState> e) -> {
                rides.put(e.key, new Ride(e.value, WriteAtCommitStore.slot(store, e.key)));
                quiet.seen(e.key, e.value.lastEventTime());
                watch(e.key, e.value);
            });
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof ReadingsStopped stopped) {
            if (stopped.forMs() >= silentAfterMs && !pending.isEmpty()) {
                decideAllPending();
            }
            return;
        }
        String ride = record.key();
        decideSilentRides(record.timestamp());
        if (ClosingRecords.isClosing(ride)) {
            return;
        }
        SensorReading reading = (SensorReading) ((Checked<?>) record.value()).value();
        // Starting afresh is decided by the ride's own gap, not by whether a look forgot it: looks come at other
        // moments after a restart, and only forget a ride that would start afresh anyway (QuietRides), so a restart
        // gives the same alerts as an uninterrupted run.
        Ride r = quiet.seen(ride, reading.eventTime()) ? null : rides.get(ride);
        if (r == null) {
            r = new Ride(new DetectorState(), WriteAtCommitStore.slot(store, ride));
            rides.put(ride, r);
        }
        DetectorState state = r.state();
        long behind = BrakingDetector.behind(state, reading);
        List<BrakingOutput> outputs;
        if (behind > 0) {
            refuseLate(record, behind);
            outputs = List.of();
        } else {
            outputs = reading instanceof LocationFix fix ? detector.onFix(state, fix)
                    : detector.onSample(state, (AccelerationSample) reading);
            r.slot().put(state);
            watch(ride, state);
        }
        for (BrakingOutput output : outputs) {
            if (output.isAlert()) {
                forwardAlert(record, output, (reading instanceof LocationFix ? "fix:" : "sample:") + reading.eventTime());
            } else {
                context.forward(record.withValue((Object) output), summaryNode);
            }
        }
        quiet.sweep(gone -> {
            rides.remove(gone);
            store.delete(gone);
        });
    }

    /**
     * A reading behind its ride's last one of its kind (within an input, up to the tolerated disorder out of order:
     * the join and the windows took it) is no reading for the detector: a dead letter, late for {@code harsh-braking}.
     */
    private void refuseLate(Record<String, Object> record, long behind) {
        Checked<?> checked = (Checked<?>) record.value();
        DeadLetters.forward(context, record, checked.raw(), DeadLetters.outOfOrder(context, record.headers(),
                checked.source(), HarshBraking.RESULT, behind), HarshBraking.LATE);
        late.record();
    }

    /** To every child: the alerts topic, the summaries, and whatever else reads alerts ({@value HarshBraking#LATE} ignores them). */
    private void forwardAlert(Record<String, Object> record, BrakingOutput output, String decidedAt) {
        Headers headers = new RecordHeaders(record.headers().toArray()).add(HarshBraking.DECIDED_AT_HEADER,
                decidedAt.getBytes(StandardCharsets.UTF_8));
        context.forward(record.withValue((Object) output.alert()).withTimestamp(output.alert().endTime())
                .withHeaders(headers));
        if (commitOnAlert) {
            // An alert is read only once its transaction commits; without this it waits for the next one
            // (100 ms while live, time.LiveCommits). Alerts are rare, so the extra commits are too.
            context.commit();
        }
    }

    private void watch(String ride, DetectorState state) {
        if (BrakingDetector.undecided(state) && pendingRides.add(ride)) {
            pending.add(new Pending(state.lastEventTime() + silentAfterMs, ride));
        }
    }

    /**
     * The inputs have stopped ({@link ReadingsStopped}), for a minute by default: nothing will move event time on to
     * decide the rides that wait for their own later records. Each is decided as its silence would decide it (the
     * outcome depends on the ride's records only, {@link BrakingDetector#onRideSilent}), now, in the order of the
     * watch list (the order of the alerts across rides matters to nothing downstream). The merge tells this only after
     * the inputs have stopped for as long as it waits for a record a producer said it had sent, so that a producer's
     * stall (a replayer killed and resumed, a leader moving) decides nothing early; the silence check below is only a
     * guard.
     */
    private void decideAllPending() {
        while (!pending.isEmpty()) {
            String ride = pending.poll().ride();
            pendingRides.remove(ride);
            Ride r = rides.get(ride);
            if (r == null || !BrakingDetector.undecided(r.state())) {
                continue;
            }
            long silentAt = r.state().lastEventTime() + silentAfterMs;
            List<BrakingOutput> outputs = detector.onRideSilent(r.state(), silentAt, silentAfterMs, ride);
            r.slot().put(r.state());
            for (BrakingOutput output : outputs) {
                forwardAlert(new Record<>(ride, null, silentAt), output, "stopped:" + silentAt);
            }
        }
        // what it decided is read only once committed, and no record asks for that now (forwardAlert may not have)
        context.commit();
    }

    /**
     * Decides the undecided events of rides that have sent nothing for {@link #silentAfterMs} of event time by
     * {@code now}, the time of the task's record at hand ({@link BrakingDetector#onRideSilent}). The merged input is in
     * event-time order, so this happens at the same point of the input in every run, restarts included (the watch
     * list is rebuilt from the store). A ride heard from meanwhile is checked again at its new due time. The ride of
     * the record at hand is decided too when it was silent that long: the outcome depends on the ride's own records
     * only, not on whether another ride's record happened to come first (and a ride back after the quiet time would
     * otherwise lose its event with its old state).
     */
    private void decideSilentRides(long now) {
        while (!pending.isEmpty() && pending.peek().due() <= now) {
            String ride = pending.poll().ride();
            Ride r = rides.get(ride);
            if (r == null || !BrakingDetector.undecided(r.state())) {
                pendingRides.remove(ride);
                continue;
            }
            long due = r.state().lastEventTime() + silentAfterMs;
            if (due > now) {
                pending.add(new Pending(due, ride));
                continue;
            }
            pendingRides.remove(ride);
            List<BrakingOutput> outputs = detector.onRideSilent(r.state(), now, silentAfterMs, ride);
            r.slot().put(r.state());
            for (BrakingOutput output : outputs) {
                forwardAlert(new Record<>(ride, null, now), output, "silent:" + now);
            }
        }
    }
}
