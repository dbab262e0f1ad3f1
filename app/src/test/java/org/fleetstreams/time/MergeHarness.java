package org.fleetstreams.time;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.ingest.CheckedRecords;
import org.fleetstreams.ingest.InputHeads;
import org.fleetstreams.ingest.Skipped;

/**
 * {@link ReadingsInOrder} alone, on partition {@code 0} of two input topics, with a {@link MockProcessorContext}: the
 * wall clock stands still (so no input turns idle) until {@link #stop}; the inputs count as read to their end.
 */
final class MergeHarness {

    static final long IDLE_MS = TimePolicy.defaults().inputIdle().toMillis();
    static final long STOPPED_MS = TimePolicy.defaults().inputStopped().toMillis();
    static final long MISSING_WAIT_MS = TimePolicy.defaults().missingRecordWait().toMillis();

    private final MockProcessorContext<String, Object> context;
    private final ReadingsInOrder merge;
    private final String locations;
    private final String accelerations;
    private long wall = 1_000_000;

    MergeHarness(String locations, String accelerations, InputHeads heads) {
        this(locations, accelerations, heads, StreamsConfig.AT_LEAST_ONCE);
    }

    /** @param guarantee the app's processing guarantee, which decides whether the merge asks for live commits */
    MergeHarness(String locations, String accelerations, InputHeads heads, String guarantee) {
        this(locations, accelerations, heads, guarantee, null);
    }

    /** @param progress what says whether an input is read to its end; null: always (the test piped everything) */
    MergeHarness(String locations, String accelerations, InputHeads heads, String guarantee, InputProgress progress) {
        this(locations, accelerations, heads, guarantee, progress, List.of(), Long.MAX_VALUE);
    }

    /**
     * @param clockReaders the children told when both inputs are idle ({@link InputsIdle})
     * @param bothIdleMs   after how long without any record they are told
     */
    MergeHarness(String locations, String accelerations, InputHeads heads, String guarantee, InputProgress progress,
                 List<String> clockReaders, long bothIdleMs) {
        this(locations, accelerations, heads, guarantee, progress, MergeReaders.all(null, clockReaders), bothIdleMs,
                Map.of());
    }

    /** @param settings more Streams settings, as the app's {@code --config} would give them */
    MergeHarness(String locations, String accelerations, InputHeads heads, Map<String, Object> settings) {
        this(locations, accelerations, heads, StreamsConfig.AT_LEAST_ONCE, null, MergeReaders.all(null, List.of()),
                Long.MAX_VALUE, settings);
    }

    /** @param settings more Streams settings, under this guarantee */
    MergeHarness(String locations, String accelerations, String guarantee, Map<String, Object> settings) {
        this(locations, accelerations, InputHeads.NONE, guarantee, null, MergeReaders.all(null, List.of()),
                Long.MAX_VALUE, settings);
    }

    /** @param readers the merge's children, and what each takes */
    MergeHarness(String locations, String accelerations, MergeReaders readers) {
        this(locations, accelerations, InputHeads.NONE, StreamsConfig.AT_LEAST_ONCE, null, readers, Long.MAX_VALUE,
                Map.of());
    }

    private MergeHarness(String locations, String accelerations, InputHeads heads, String guarantee,
                         InputProgress progress, MergeReaders readers, long bothIdleMs, Map<String, Object> settings) {
        this.locations = locations;
        this.accelerations = accelerations;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "merge");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(InputProgress.CONFIG, InputProgress.PIPED);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put("processing.exception.handler.global.enabled", "true"); // as the app sets it (no warning)
        props.putAll(settings);
        context = new MockProcessorContext<>(props);
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ReadingsInOrder.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        merge = new ReadingsInOrder(IDLE_MS, STOPPED_MS, locations, accelerations, heads,
                readers, bothIdleMs, MISSING_WAIT_MS);
        if (progress != null) {
            merge.answerProgressFrom(progress);
        }
        context.setCurrentSystemTimeMs(wall);
        merge.init(context);
    }

    /** The reading as the record at {@code offset} of its input's partition. */
    void process(SensorReading r, long offset) {
        context.setRecordMetadata(r instanceof LocationFix ? locations : accelerations, 0, offset);
        merge.process(CheckedRecords.of(r));
    }

    /** The reading as the record at {@code offset} of its input's partition, with these headers. */
    void process(SensorReading r, long offset, Headers headers) {
        context.setRecordMetadata(r instanceof LocationFix ? locations : accelerations, 0, offset);
        merge.process(CheckedRecords.of(r).withHeaders(headers));
    }

    /** The merge's metric {@code name} (e.g. fix-promise-broken-total), summed over its tags; 0 if it has none. */
    double metric(String name) {
        return context.metrics().metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** Whether the merge asked for a commit since the last call (which forgets it). */
    boolean askedCommit() {
        boolean asked = context.committed();
        context.resetCommit();
        return asked;
    }

    /** The record at {@code offset} of this input's partition, dead-lettered by the input checks. */
    void skipped(String topic, long offset) {
        context.setRecordMetadata(topic, 0, offset);
        merge.process(new Record<>("bad-" + offset, Skipped.RECORD, 0L));
    }

    int marksKept() {
        return merge.marksKept();
    }

    int forwarded() {
        return context.forwarded().size();
    }

    /** Every forward, with the child it named (none: every child). */
    List<MockProcessorContext.CapturedForward<? extends String, ?>> captured() {
        return List.copyOf(context.forwarded());
    }

    /** The values forwarded to the child {@code name}, in order. */
    List<Object> forwardedTo(String name) {
        return context.forwarded().stream().filter(f -> f.childName().filter(name::equals).isPresent())
                .map(f -> (Object) f.record().value()).toList();
    }

    /** No record for the stop time: what is held goes on. */
    void stop() {
        tick(STOPPED_MS + 100);
        punctuateWallClock();
    }

    /** Moves the wall clock on by {@code ms}, running nothing. */
    void tick(long ms) {
        wall += ms;
        context.setCurrentSystemTimeMs(wall);
    }

    /**
     * Lets {@code ms} of wall time pass with no record, running the wall-clock punctuators every 100 ms; returns how
     * many of those runs asked for a commit.
     */
    int idleFor(long ms) {
        int commits = 0;
        for (long end = wall + ms; wall < end; ) {
            tick(100);
            context.resetCommit();
            punctuateWallClock();
            commits += context.committed() ? 1 : 0;
        }
        return commits;
    }

    private void punctuateWallClock() {
        for (MockProcessorContext.CapturedPunctuator p : context.scheduledPunctuators()) {
            if (p.getType() == PunctuationType.WALL_CLOCK_TIME) {
                p.getPunctuator().punctuate(wall);
            }
        }
    }

    void close() {
        merge.close();
    }

    /** What the merge passed on, in order. */
    List<Record<String, Object>> records() {
        return context.forwarded().stream().map(f -> new Record<>(f.record().key(), f.record().value(),
                f.record().timestamp(), f.record().headers())).toList();
    }

    /** What the merge passed on, as {@code <ride> fix|sample <time>}. */
    List<String> names() {
        return context.forwarded().stream()
                .map(f -> name((SensorReading) ((Checked<?>) f.record().value()).value())).toList();
    }

    static String name(SensorReading r) {
        return r.rideId() + (r instanceof LocationFix ? " fix " : " sample ") + r.eventTime();
    }
}
