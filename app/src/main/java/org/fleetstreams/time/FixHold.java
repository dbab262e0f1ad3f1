package org.fleetstreams.time;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.ingest.Checked;

/**
 * Puts a task's two inputs back into event-time order where it matters: a GPS fix that arrives ahead of the
 * accelerometer input is held until a sample at or after its time arrives, then passed on just before that sample.
 * Samples are never held, so nothing downstream waits for a fix (alerts leave with the sample that completes them).
 *
 * <p>Why: with {@code max.task.idle.ms} 0, Kafka Streams takes a partition whose last known lag was 0 as caught up and
 * runs the other one ahead; under load the GPS input ran a minute ahead of the accelerometer input (measured in the
 * demo at --speed max), and the braking detector, which fits the phone's axis from the speed change between fixes and
 * the samples between them, then saw every fix before the samples. A fix behind the samples is the normal live case
 * (GPS comes every 1–4 s) and is passed on at once.
 *
 * <p>If the accelerometer input has been silent for the input idle time (wall clock) while fixes kept coming, held
 * fixes go on without it.
 * State: {@value #STORE}, the held fixes (a few), changelogged, so a restart holds what was held.
 */
public final class FixHold implements Processor<String, Object, String, Object> {

    public static final String NAME = "readings-in-order";
    public static final String STORE = "readings-in-order-held-fixes";

    private final long idleMs;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    /** event time → key in the store → the held record. */
    private final TreeMap<Long, Map<String, Record<String, Object>>> held = new TreeMap<>();
    private long accelerations = EventClock.NONE;
    private final Silence accelerationsSilence = new Silence();

    public FixHold(long idleMs) {
        this.idleMs = idleMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        held.clear();
        accelerations = EventClock.NONE;
        accelerationsSilence.reset();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining((KeyValue<String, byte[]> e) -> {
                Record<String, Object> r = decode(e.value);
                held.computeIfAbsent(r.timestamp(), t -> new TreeMap<>()).put(e.key, r);
            });
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        Checked<?> checked = (Checked<?>) record.value();
        if (checked.value() instanceof LocationFix) {
            accelerationsSilence.otherDelivered(context.currentSystemTimeMs());
            if (accelerationsSilence.atLeast(idleMs)) {
                release(Long.MAX_VALUE);
            }
            if (record.timestamp() <= accelerations || accelerationsSilence.atLeast(idleMs)) {
                context.forward(record);
            } else {
                String key = record.timestamp() + "/" + context.recordMetadata().map(m -> m.partition() + "/" + m.offset())
                        .orElse(String.valueOf(System.nanoTime()));
                held.computeIfAbsent(record.timestamp(), t -> new TreeMap<>()).put(key, record);
                store.put(key, encode(record, checked));
            }
            return;
        }
        accelerations = Math.max(accelerations, record.timestamp());
        accelerationsSilence.delivered();
        release(record.timestamp());
        context.forward(record);
    }

    /** Passes on, in event-time order, every held fix at or before {@code upTo}. */
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

    private static byte[] encode(Record<String, Object> record, Checked<?> checked) {
        byte[] key = record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 4 + key.length + checked.raw().length).putLong(record.timestamp())
                .putInt(key.length).put(key).put(checked.raw()).array();
    }

    private static Record<String, Object> decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long timestamp = b.getLong();
        byte[] key = new byte[b.getInt()];
        b.get(key);
        byte[] raw = new byte[b.remaining()];
        b.get(raw);
        LocationFix fix = FleetSerdes.locationFix().fromBytes(raw);
        LocationFix resolved = fix.eventTime() == timestamp ? fix
                : (LocationFix) fix.withIdentity(fix.id(), fix.rideId(), fix.uuid(), timestamp);
        return new Record<>(new String(key, java.nio.charset.StandardCharsets.UTF_8), Checked.valid(resolved, raw),
                timestamp, new RecordHeaders());
    }
}
