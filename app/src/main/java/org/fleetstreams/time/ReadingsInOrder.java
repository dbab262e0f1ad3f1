package org.fleetstreams.time;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.Checked;

/**
 * Merges a task's two inputs into one stream in event-time order: a record goes on once the other input has reached
 * its time (its high mark is at or past it), so every reader sees the GPS fixes and the accelerometer samples of a
 * ride interleaved as they happened, whatever order Kafka Streams took the two partitions in. An input that has been
 * silent for the idle time while the other kept delivering ({@link Silence}) holds nothing back, and when no record
 * at all has come for the idle time (the input stopped), everything held goes on.
 *
 * <p>Why: with {@code max.task.idle.ms} 0, Kafka Streams takes a partition whose last known lag was 0 as caught up and
 * runs the other one ahead. The braking detector, which fits the phone's axis from the speed change between fixes and
 * the samples between them and reports the deceleration peak between fixes, then gave other alerts and other window
 * peaks after a restart than in event-time order (the figures: docs/architecture.md, "Event time"). The join and the window counts do not depend on order ({@link EventClock} judges lateness).
 *
 * <p>The cost: a record waits until the other input passes it. At 1x a sample waits for the next GPS fix of its
 * partition (with several rides per partition, a fraction of a second); in a catch-up, for the fix that Kafka
 * Streams takes right after it. Held records are in {@value #STORE} (changelogged, cached: a record released before
 * the next commit costs one tombstone), so a restart holds what was held.
 */
public final class ReadingsInOrder implements Processor<String, Object, String, Object> {

    public static final String NAME = "readings-in-order";
    public static final String STORE = "readings-in-order-held";

    private final long idleMs;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    /** event time → key in the store → the held record. */
    private final TreeMap<Long, Map<String, Record<String, Object>>> held = new TreeMap<>();
    private long locations = EventClock.NONE;
    private long accelerations = EventClock.NONE;
    private final Silence locationsSilence = new Silence();
    private final Silence accelerationsSilence = new Silence();
    private long sequence;
    private long lastDelivery;


    public ReadingsInOrder(long idleMs) {
        this.idleMs = idleMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        held.clear();
        locations = EventClock.NONE;
        accelerations = EventClock.NONE;
        locationsSilence.reset();
        accelerationsSilence.reset();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> e) -> {
                Record<String, Object> r = decode(e.value);
                held.computeIfAbsent(r.timestamp(), t -> new TreeMap<>()).put(e.key, r);
            });
        }
        lastDelivery = context.currentSystemTimeMs();
        // When the input stops (the end of a replay, a fleet going quiet), the last records of the faster input would
        // wait for the other one for ever: after the idle time without any record they go on. Not sooner: a
        // rebalance or a slow fetch also pauses both inputs for a second or two, and what comes after it is older.
        context.schedule(Duration.ofMillis(250), PunctuationType.WALL_CLOCK_TIME, wall -> {
            if (!held.isEmpty() && wall - lastDelivery >= idleMs) {
                release(Long.MAX_VALUE);
            }
        });
    }

    @Override
    public void process(Record<String, Object> record) {
        SensorReading reading = (SensorReading) ((Checked<?>) record.value()).value();
        long wall = context.currentSystemTimeMs();
        lastDelivery = wall;
        boolean location = reading instanceof LocationFix;
        if (location) {
            locations = Math.max(locations, record.timestamp());
            locationsSilence.delivered();
            accelerationsSilence.otherDelivered(wall);
        } else {
            accelerations = Math.max(accelerations, record.timestamp());
            accelerationsSilence.delivered();
            locationsSilence.otherDelivered(wall);
        }
        long upTo = releasableUpTo();
        if (held.isEmpty() && record.timestamp() <= upTo) {
            context.forward(record); // the usual case once both inputs flow: nothing stored
            return;
        }
        // unique and stable across restarts: the source record's offset (a partition holds one input kind)
        String key = record.timestamp() + (location ? "/f" : "/s") + context.recordMetadata()
                .map(m -> String.valueOf(m.offset())).orElseGet(() -> "n" + sequence++);
        held.computeIfAbsent(record.timestamp(), t -> new TreeMap<>()).put(key, record);
        store.put(key, encode(record, (Checked<?>) record.value(), location));
        release(upTo);
    }

    /** Records at or before this time can go: both inputs are past it, or the one that is not is idle. */
    private long releasableUpTo() {
        boolean locationsIdle = locationsSilence.atLeast(idleMs);
        boolean accelerationsIdle = accelerationsSilence.atLeast(idleMs);
        if (locationsIdle && !accelerationsIdle) {
            return accelerations;
        }
        if (accelerationsIdle && !locationsIdle) {
            return locations;
        }
        return Math.min(locations, accelerations);
    }

    /** Passes on, in event-time order, every held record at or before {@code upTo}. */
    private void release(long upTo) {
        Iterator<Map.Entry<Long, Map<String, Record<String, Object>>>> it = held.headMap(upTo, true).entrySet().iterator();
        while (it.hasNext()) {
            for (Map.Entry<String, Record<String, Object>> e : it.next().getValue().entrySet()) {
                store.delete(e.getKey());
                context.forward(e.getValue());
            }
            it.remove();
        }
    }

    private static byte[] encode(Record<String, Object> record, Checked<?> checked, boolean location) {
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 4 + key.length + checked.raw().length).put((byte) (location ? 'f' : 's'))
                .putLong(record.timestamp()).putInt(key.length).put(key).put(checked.raw()).array();
    }

    private static Record<String, Object> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        boolean location = b.get() == 'f';
        long timestamp = b.getLong();
        byte[] key = new byte[b.getInt()];
        b.get(key);
        byte[] raw = new byte[b.remaining()];
        b.get(raw);
        SensorReading reading = location ? FleetSerdes.locationFix().fromBytes(raw)
                : FleetSerdes.accelerationSample().fromBytes(raw);
        SensorReading resolved = reading.eventTime() == timestamp ? reading
                : reading.withIdentity(reading.id(), reading.rideId(), reading.uuid(), timestamp);
        return new Record<>(new String(key, StandardCharsets.UTF_8), Checked.valid(resolved, raw), timestamp,
                new RecordHeaders());
    }
}
