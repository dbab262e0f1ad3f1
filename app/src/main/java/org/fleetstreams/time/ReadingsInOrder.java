package org.fleetstreams.time;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.PropertiesFiles;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.ingest.InputHeads;
import org.fleetstreams.ingest.Skipped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges a task's two inputs into one stream in event-time order: a record goes on once the other input has reached
 * its time (its high mark is at or past it), so every reader sees the GPS fixes and the accelerometer samples of a
 * ride interleaved as they happened, whatever order Kafka Streams took the two partitions in (a reader that takes
 * only the fixes, as {@link MergeReaders} says, sees those in that order). An input that has been
 * silent for the idle time while the other kept delivering ({@link Silence}) holds nothing back, and when no record
 * at all has come for the stop time (the input stopped), everything held goes on, but what comes after a record the
 * replayer said it had sent and the broker does not have ({@link InputsStopped}).
 *
 * <p>Ties: at one event time the GPS fixes go first, whatever order the two partitions were taken in, as in the
 * reference (one consumer of both inputs in event time, fixes first). A fix at t goes once the accelerometer input has
 * reached t; a sample at t only once the GPS input has passed t (another ride's fix at t is not enough: its own fix at
 * t may come next in the partition), or once the GPS input is idle or both stopped (the rules above). Within one input,
 * records of one time keep their partition's order (by offset). Before this rule a sample at a fix's time could go
 * before that fix, depending on fetch timing, and the detector's window peaks with it. Only a sample at the very time
 * of a fix in its partition waits longer: for the GPS input's next time. Closing records ({@link ClosingRecords}) are
 * no ride and wait for no later fix: the closing sample goes once the GPS input has reached its time, so the end of a
 * replay still moves both inputs' time at once.
 *
 * <p>Why: with {@code max.task.idle.ms} 0, Kafka Streams takes a partition whose last known lag was 0 as caught up and
 * runs the other one ahead. The braking detector, which fits the phone's axis from the speed change between fixes and
 * the samples between them and reports the deceleration peak between fixes, then gave other alerts and other window
 * peaks after a restart than in event-time order (the figures: docs/architecture.md, "Event time"). The join and the
 * window counts do not depend on order ({@link EventClock} judges lateness).
 *
 * <p>One child may take every record as it comes as well ({@code onArrival}, an {@link Arrival}), held or not, right
 * after what the record lets go: the join, whose pairs do not depend on order; it gets the record again when it is let
 * go, for its clock.
 *
 * <p>The cost: a record waits until the other input passes it. At 1x a sample waits for the next GPS fix of its
 * partition (with several rides per partition, a fraction of a second), unless a sample's {@link FixesBefore} header
 * (the replayer's) says where the fixes before its time end: once the GPS input is taken that far, the samples before
 * it go ({@link FixPromises}). In a catch-up the next fix is usually fetched already, and its time is known
 * ({@link InputHeads}) before it is processed, so a sample does not wait for it. Held records are in {@value #STORE}
 * (changelogged, cached, in chunks of records: {@link HeldChunks}), so a restart holds what was held.
 */
public final class ReadingsInOrder implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingsInOrder.class);

    public static final String NAME = "readings-in-order";
    public static final String STORE = "readings-in-order-held";
    /**
     * Streams setting: {@code false} makes the merge strip the replayer's {@link FixesBefore} header and keep no
     * promise. For inputs copied from another cluster (a mirror keeps the headers, not the offsets they name) or
     * written beside the replayer by another producer of fixes; and for measuring.
     */
    public static final String FIXES_BEFORE_CONFIG = "fleetstreams.merge.fixes-before";
    
    private final MergedInput locations;
    private final MergedInput accelerations;
    private final ReleaseHorizon horizon;
    private final ReplayerHeaders headers;
    /** What is done once no record comes: the stop rule, and telling the clocks that both inputs are idle. */
    private final InputsStopped stopped;
    /** The reader that takes every record as it comes ({@link Arrival}), held or not; null: none. */
    private final String onArrival;
    /** The children that take the samples; null: every child ({@link MergeReaders}). */
    private final List<String> sampleReaders;
    private InputProgress progress;
    private ProcessorContext<String, Object> context;
    /** What waits for the other input ({@link HeldQueue}); this merge decides when it goes. */
    private HeldQueue held;
    private Consumer<Record<String, Object>> forward;
    private long lastDelivery;
    private final LiveCommits liveCommits = new LiveCommits();
    /** This task's thread's commit asks, as its last punctuation found it (null before: no early asks). */
    private LiveCommits.ThreadPace pace;
    private boolean exactlyOnce;
    private final FixOrderWatch order = new FixOrderWatch();

    /**
     * @param idleMs       an input silent this long while the other delivers, and read to its end, holds nothing back
     * @param stoppedMs    after this long without any record, both inputs read to their end, everything held goes on
     * @param heads        where each input partition goes next, as the app's event-time extractor saw it
     * @param readers      the children, and what each takes ({@link MergeReaders})
     * @param bothIdleMs   after this long without any record, both inputs read to their end, they are idle
     * @param missingWaitMs how long after the stop what comes after a record the producer sent and the broker lacks
     *                      waits for it ({@link TimePolicy#missingRecordWait()})
     */
    public ReadingsInOrder(long idleMs, long stoppedMs, String locationsTopic, String accelerationsTopic,
                           InputHeads heads, MergeReaders readers, long bothIdleMs, long missingWaitMs) {
        this.onArrival = readers.onArrival();
        this.sampleReaders = readers.samples();
        this.locations = new MergedInput(locationsTopic);
        this.accelerations = new MergedInput(accelerationsTopic);
        this.stopped = new InputsStopped(stoppedMs, bothIdleMs, missingWaitMs, readers.clocks(), readers.stops(),
                locations, accelerations);
        this.horizon = new ReleaseHorizon(locations, accelerations, idleMs, heads);
        this.headers = new ReplayerHeaders(locations, accelerations);
    }

    /** Tests: how many wall-clock steps of the inputs' marks are kept, over both inputs. */
    int marksKept() {
        return locations.history.size() + accelerations.history.size();
    }

    /** Tests: whether an input is read to its end comes from here, not from the configured source. */
    void answerProgressFrom(InputProgress given) {
        this.progress = given;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        int partition = context.taskId().partition();
        held = new HeldQueue(new HeldChunks(context.getStateStore(STORE)), locations.topic, accelerations.topic, partition);
        locations.reset();
        accelerations.reset();
        held.restore();
        forward = this::toReaders;
        lastDelivery = context.currentSystemTimeMs();
        if (progress == null) {
            progress = InputProgress.forTask(context.appConfigs(), List.of(locations.topic, accelerations.topic));
        }
        horizon.start(partition, PropertiesFiles.flag(context.appConfigs(), InputHeads.CONFIG, true), progress);
        headers.trust(PropertiesFiles.flag(context.appConfigs(), FIXES_BEFORE_CONFIG, true));
        locations.promises.countBroken(DeadLetters.sensor(context, NAME, FixPromises.BROKEN_METRIC));
        order.start(DeadLetters.sensor(context, NAME, FixOrderWatch.METRIC));
        liveCommits.reset(lastDelivery);
        exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        pace = null;
        stopped.start(context, held, forward, exactlyOnce);
        context.schedule(Duration.ofMillis(LiveCommits.LIVE_INTERVAL_MS), PunctuationType.WALL_CLOCK_TIME, wall -> {
            long lookedAt = horizon.bothLookedAt(); // before the answer it pairs with: see ReleaseHorizon.compute
            boolean caughtUp = horizon.bothCaughtUp();
            if (exactlyOnce) {
                pace = LiveCommits.ThreadPace.of(context.metrics());
                if (liveCommits.due(pace, wall, mergedTime(), caughtUp, lastDelivery)) {
                    context.commit();
                }
            }
            stopped.check(wall, lastDelivery, caughtUp && lookedAt > lastDelivery);
        });
    }

    @Override
    public void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof Skipped) {
            read(context.recordMetadata().orElseThrow());
            return;
        }
        Checked<?> checked = (Checked<?>) record.value();
        SensorReading reading = (SensorReading) checked.value();
        long wall = context.currentSystemTimeMs();
        lastDelivery = wall;
        stopped.delivered();
        boolean location = reading instanceof LocationFix;
        long next = context.recordMetadata().map(m -> m.offset() + 1).orElse(-1L);
        record = headers.take(record, location, wall);
        if (location && locations.promises.broken(record.timestamp()) == 1) {
            LOG.warn("{} task {}: a GPS fix at {} came after a {} header had vouched for every fix before a later time:"
                    + " something besides the replayer writes {} (replay with --no-fixes-before). The fix goes on"
                    + " behind later samples (counted: {}-total); further cases are not logged", NAME, context.taskId(),
                    record.timestamp(), FixesBefore.HEADER, locations.topic, FixPromises.BROKEN_METRIC);
        }
        MergedInput input = location ? locations : accelerations;
        input.took(wall, record.timestamp(), next, location ? accelerations : locations);
        horizon.compute(wall);
        long upTo = horizon.upTo();
        long samplesUpTo = horizon.samplesUpTo();
        if (horizon.idleInput() != null) {
            logIdle(horizon.idleInput(), upTo);
        }
        boolean due = record.timestamp() <= (location || ClosingRecords.isClosing(reading.rideId()) ? upTo : samplesUpTo);
        if (held.isEmpty() && due) {
            toReaders(record, location); // the usual case once both inputs flow: nothing stored
            toArrivalReader(record, checked);
            maybeAskEarly(wall);
            return;
        }
        held.hold(record, location, next - 1);
        release(upTo, samplesUpTo);
        toArrivalReader(record, checked);
        maybeAskEarly(wall);
    }

    /**
     * The checks dead-lettered the record at this offset: nothing to merge, but it is read. Without this, a partition
     * whose last record was invalid counted as unread until the group committed past it, and at the end of the input
     * what waited for that partition waited for the commit. Not a delivery for the stop rule: an input that goes on
     * sending only invalid records must not hold back what waits for the other one for ever. Reading past an invalid
     * fix can fulfil a sample's {@link FixesBefore} promise, so what that lets go goes now.
     */
    private void read(RecordMetadata skipped) {
        boolean location = skipped.topic().equals(locations.topic);
        (location ? locations : accelerations).read(skipped.offset() + 1);
        if (location && !held.isEmpty()) {
            horizon.compute(context.currentSystemTimeMs());
            release(horizon.upTo(), horizon.samplesUpTo());
        }
    }

    private void toReaders(Record<String, Object> record) {
        toReaders(record, ((Checked<?>) record.value()).value() instanceof LocationFix);
    }

    /** A record let go: a fix to every child, a sample to the sample readers ({@link MergeReaders}). */
    private void toReaders(Record<String, Object> record, boolean location) {
        if (location) {
            if (order.fix(record.timestamp()) == 1) {
                LOG.warn("{} task {}: a GPS fix at {} (ride {}) went on behind a sample at {}: the detector takes them in"
                        + " another order than event time, so its alerts and window peaks may differ from an in-order"
                        + " run (counted: {}-total); further cases are not logged", NAME, context.taskId(),
                        record.timestamp(), record.key(), order.samplesOut(), FixOrderWatch.METRIC);
            }
        } else if (record.timestamp() > order.samplesOut()
                && !ClosingRecords.isClosing(((SensorReading) ((Checked<?>) record.value()).value()).rideId())) {
            order.sample(record.timestamp());
        }
        if (location || sampleReaders == null) {
            context.forward(record);
            return;
        }
        for (int i = 0; i < sampleReaders.size(); i++) {
            context.forward(record, sampleReaders.get(i));
        }
    }

    /**
     * The record to the arrival reader, after what it lets go has gone on: at 1x a GPS fix lets the samples before it
     * go, among them the one that decides an alert, and the fix's pairs with 4 s of samples (for every ride of the
     * partition) are not worth delaying that alert for.
     */
    private void toArrivalReader(Record<String, Object> record, Checked<?> checked) {
        if (onArrival != null) {
            context.forward(record.withValue(new Arrival(checked)), onArrival);
        }
    }

    /** Both inputs' time (event time, ms), the GPS input's as far as the promises say: asks come earlier at 10x. */
    private long mergedTime() {
        return Math.min(locations.reach(), accelerations.mark);
    }

    private void maybeAskEarly(long wall) {
        if (exactlyOnce && pace != null && liveCommits.dueEarly(pace, wall, mergedTime())) {
            context.commit();
        }
    }

    private void logIdle(String input, long upTo) {
        if (!held.isEmpty() && held.firstTime() <= upTo && LOG.isDebugEnabled()) {
            LOG.debug("{} task {}: {} idle, releasing up to {} (locations at {}, accelerations at {})", NAME,
                    context.taskId(), input, upTo, locations.mark, accelerations.mark);
        }
    }

    /** Passes on what the horizon lets go ({@link HeldQueue#release}). */
    private void release(long upTo, long samplesUpTo) {
        held.release(upTo, samplesUpTo, forward);
    }
}
