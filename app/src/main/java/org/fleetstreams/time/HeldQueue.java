package org.fleetstreams.time;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.Checked;

/**
 * The records {@link ReadingsInOrder} holds back, in event-time order, fixes before samples at one time, mirrored in
 * its store ({@link HeldChunks}) so a restart holds what was held. Apart from the merge so that the ordering rule
 * (what a release lets go) reads on its own; the merge decides when.
 */
final class HeldQueue {

    private final HeldChunks chunks;
    private final HeldRecords codec;
    /** event time → key in the store → the held record. */
    private final TreeMap<Long, Map<String, Record<String, Object>>> held = new TreeMap<>();
    private long sequence;

    HeldQueue(HeldChunks chunks, String locationsTopic, String accelerationsTopic, int partition) {
        this.chunks = chunks;
        this.codec = new HeldRecords(locationsTopic, accelerationsTopic, partition);
    }

    /**
     * Reads back what the store holds (a task's start). A record of no known offset (a test's) is keyed by a counter,
     * which goes on after the restored ones, so a new record does not take a held one's key.
     */
    void restore() {
        held.clear();
        sequence = 0;
        chunks.restore((key, bytes) -> {
            Record<String, Object> r = codec.decode(bytes);
            held.computeIfAbsent(r.timestamp(), t -> new TreeMap<>(HeldRecords.WITHIN_A_TIME)).put(key, r);
            sequence = Math.max(sequence, HeldRecords.counter(key) + 1);
        });
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    int times() {
        return held.size();
    }

    long firstTime() {
        return held.firstKey();
    }

    /**
     * Holds a record taken from {@code offset} of its input's partition (negative: none known, a test's record), under
     * {@link HeldRecords#key}.
     */
    void hold(Record<String, Object> record, boolean location, long offset) {
        String key = HeldRecords.key(record.timestamp(), location, offset, offset >= 0 ? 0 : sequence++);
        held.computeIfAbsent(record.timestamp(), t -> new TreeMap<>(HeldRecords.WITHIN_A_TIME))
                .put(key, codec.withSource(record, location, offset));
        chunks.hold(key, HeldRecords.encode(record, (Checked<?>) record.value(), location, offset));
    }

    /**
     * Passes on, in event-time order, every held record at or before {@code upTo}; of a sample, only at or before
     * {@code samplesUpTo} (both from {@link ReleaseHorizon}). At one time the fixes go first: a time whose samples are
     * not due yet lets its fixes go and then stops, since everything after it must wait for those samples.
     */
    void release(long upTo, long samplesUpTo, Consumer<Record<String, Object>> next) {
        Iterator<Map.Entry<Long, Map<String, Record<String, Object>>>> it = held.headMap(upTo, true).entrySet().iterator();
        times:
        while (it.hasNext()) {
            Map.Entry<Long, Map<String, Record<String, Object>>> time = it.next();
            boolean samplesDue = time.getKey() <= samplesUpTo;
            Iterator<Map.Entry<String, Record<String, Object>>> records = time.getValue().entrySet().iterator();
            while (records.hasNext()) {
                Map.Entry<String, Record<String, Object>> e = records.next();
                if (!samplesDue && HeldRecords.isSample(e.getKey()) && !isClosing(e.getValue())) {
                    break times; // fixes sort first within a time, so only samples (due with the GPS input) are left
                }
                chunks.release(e.getKey());
                next.accept(e.getValue());
                records.remove();
            }
            it.remove();
        }
        chunks.writeReleased();
    }

    /** A closing record is no ride: the detector leaves it out, and it must move the clock at the end of a replay. */
    private static boolean isClosing(Record<String, Object> record) {
        return ClosingRecords.isClosing(((SensorReading) ((Checked<?>) record.value()).value()).rideId());
    }
}
