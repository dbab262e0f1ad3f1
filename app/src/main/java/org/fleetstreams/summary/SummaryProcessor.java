package org.fleetstreams.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.time.EventClock;
import org.fleetstreams.time.InputsIdle;

/**
 * Per-ride hopping-window summaries on one {@link EventClock}: GPS fixes, accelerometer samples and the braking
 * detector's outputs all arrive here, each is added to its ride's pane, and a window is written exactly once, when
 * the clock reaches its end plus grace. A record that arrives when one of its windows has already closed does not
 * count in it: it goes to the dead-letter topic as {@code late}, naming the window, and to {@code late-total}.
 *
 * <p>A digest that misses a window is not a dead letter of its own: it carries its fix's timestamp and is judged at
 * the same moment, so the fix is the dead letter for exactly those windows.
 *
 * <p>State: {@value #STORE}, a changelogged key-value store of panes, written at commit (see {@link SummaryStore}). Reads come
 * from an in-memory copy rebuilt from the store whenever the task (re)starts; every change is written through, so
 * what a restore brings back is exactly what was committed.
 */
public final class SummaryProcessor implements Processor<String, Object, String, Object> {

    public static final String NAME = "car-summary-windows";
    public static final String STORE = "car-summary-store";
    public static final String SINK = "car-summaries-sink";
    /** The result a late dead letter of the windows names (with its window), and its {@code late-total} tag. */
    public static final String RESULT = "car-summaries";

    private final WindowGrid grid;
    /** What a late record's dead letter says of the windows' rule (the same for every one). */
    private final String lateRule;
    private final EventClock clock;
    private final List<String> summaryReaders;
    private ProcessorContext<String, Object> context;
    private SummaryStore store;
    private Sensor late;
    /** ride → pane start → pane: the store's content, deserialized. */
    private final Map<String, RidePanes> rides = new HashMap<>();
    private long scannedTo;

    /**
     * @param clock          this result's clock, fresh
     * @param summaryReaders the nodes that take each final summary (the summaries topic's sink first)
     */
    public SummaryProcessor(long sizeMs, long advanceMs, long graceMs, EventClock clock, List<String> summaryReaders) {
        this.grid = new WindowGrid(sizeMs, advanceMs, graceMs);
        this.lateRule = DeadLetters.afterWindowClosed(graceMs);
        this.clock = clock;
        this.summaryReaders = List.copyOf(summaryReaders);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<String, Encoded> kv = context.getStateStore(STORE);
        this.store = new SummaryStore(kv, grid, clock);
        this.late = DeadLetters.sensor(context, RESULT, DeadLetters.LATE_METRIC);
        rides.clear();
        clock.reset();
        scannedTo = store.load(rides);
        clock.start();
    }

    @Override
    public void process(Record<String, Object> record) {
        store.saveGridOnce(scannedTo);
        long wall = context.currentSystemTimeMs();
        if (record.value() instanceof Checked<?> checked) {
            clock.observe(checked.value() instanceof LocationFix, record.timestamp(), wall);
        } else if (record.value() == InputsIdle.INSTANCE) {
            clock.inputsIdle();
            closeWindows(clock.time());
            store.putClock();
            return;
        }
        closeWindows(clock.time());
        store.putClock();
        String ride = record.key();
        if (ClosingRecords.isClosing(ride)) {
            return;
        }
        long t = record.timestamp();
        // Windows close in start order: if t's earliest window is still open, so are the others (the usual case,
        // checked without making the list of t's windows for every record).
        if (grid.closeTime(grid.earliestWindowContaining(t)) <= scannedTo) {
            List<Long> windows = grid.windowsContaining(t);
            List<Long> missed = new ArrayList<>(windows.size());
            for (long w : windows) {
                if (grid.closeTime(w) <= scannedTo) {
                    missed.add(w);
                }
            }
            // A digest carries its fix's timestamp and is judged at the same stream time, so its fix is dead-lettered
            // for exactly these windows already: one dead letter per input record and missed window, not two.
            if (!(record.value() instanceof BrakingOutput)) {
                deadLetter(record, missed);
            }
            if (missed.size() == windows.size()) {
                return;
            }
        }
        long paneStart = grid.paneStart(t);
        Pane pane = rides.computeIfAbsent(ride, r -> new RidePanes()).pane(paneStart);
        Object value = record.value();
        if (value instanceof Checked<?> checked && checked.value() instanceof AccelerationSample) {
            pane.samples++;
            store.putCounts(ride, paneStart, pane);
        } else if (value instanceof Checked<?> checked && checked.value() instanceof LocationFix fix) {
            pane.fixes.add(new Pane.Fix(fix.eventTime(), fix.latitude(), fix.longitude(), fix.speed()));
            store.putFixes(ride, paneStart, pane);
        } else if (value instanceof HarshBrakingAlert) {
            pane.alerts++;
            store.putCounts(ride, paneStart, pane);
        } else if (value instanceof BrakingOutput digest) {
            pane.peakDecelG = Math.max(pane.peakDecelG, digest.peakDecelSinceLastFixG());
            store.putCounts(ride, paneStart, pane);
        } else {
            throw new IllegalArgumentException("unexpected input " + value);
        }
    }

    /** Writes every window that closes by {@code now} (and was not written before), then forgets unneeded panes. */
    private void closeWindows(long now) {
        if (now == EventClock.NONE) {
            return;
        }
        long upTo = grid.closedBy(now);
        if (upTo <= scannedTo) {
            return;
        }
        // In window order, then ride order: the same output order on a replay after a crash, and event-time order for
        // what reads them. The overview's window store (the REST API's) drops, with only a metric, a put more than its
        // retention older than its newest; one scan spanning more than that (a clock that jumps over a long gap of one
        // input) wrote a later ride's recent windows first and dropped an earlier ride's older ones.
        List<CarSummary> closing = new ArrayList<>();
        for (Map.Entry<String, RidePanes> e : rides.entrySet()) {
            TreeMap<Long, Pane> panes = e.getValue().panes;
            for (long w : windowsWithData(panes)) {
                long close = grid.closeTime(w);
                if (close > scannedTo && close <= upTo) {
                    List<Pane> in = new ArrayList<>(panes.subMap(w, w + grid.sizeMs()).values());
                    closing.add(Pane.summarize(e.getKey(), w, w + grid.sizeMs(), in));
                }
            }
        }
        closing.sort(Comparator.comparingLong(CarSummary::windowStart).thenComparing(CarSummary::rideId));
        for (CarSummary summary : closing) {
            Record<String, Object> out = new Record<>(summary.rideId(), summary, summary.windowStart() + grid.sizeMs() - 1);
            for (String reader : summaryReaders) {
                context.forward(out, reader);
            }
        }
        rides.entrySet().removeIf(e -> e.getValue().removeObsolete(start -> grid.paneObsoleteAt(start) <= upTo, store::delete));
        scannedTo = upTo;
        store.putScannedTo(upTo);
    }

    /** Starts of the windows that hold at least one non-empty pane of a ride, in order. */
    private List<Long> windowsWithData(TreeMap<Long, Pane> panes) {
        TreeMap<Long, Boolean> starts = new TreeMap<>();
        for (Map.Entry<Long, Pane> e : panes.entrySet()) {
            if (!e.getValue().isEmpty()) {
                for (long w : grid.windowsContaining(e.getKey())) {
                    starts.put(w, true);
                }
            }
        }
        return new ArrayList<>(starts.keySet());
    }

    private void deadLetter(Record<String, Object> record, List<Long> missed) {
        long lateBy = clock.time() - record.timestamp();
        for (long w : missed) {
            String result = RESULT + " window [" + w + "," + (w + grid.sizeMs()) + ")";
            if (record.value() instanceof Checked<?> checked) {
                DeadLetters.forward(context, record, checked.raw(), DeadLetters.late(context, record.headers(),
                        checked.source(), result, lateBy, lateRule));
            } else {
                // an alert is decided, not read: the task's current record (if any: a release can run in a
                // punctuation) is another ride's reading, so the dead letter names none
                DeadLetters.forward(context, record, FleetSerdes.harshBrakingAlert().toBytes((HarshBrakingAlert) record.value()),
                        DeadLetters.lateDerived(record.headers(), "harsh-braking alert", result, lateBy, lateRule));
            }
            late.record(); // a count sensor: one call per missed window, once its dead letter is written
        }
    }
}
