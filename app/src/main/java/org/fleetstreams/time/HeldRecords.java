package org.fleetstreams.time;

import java.nio.ByteBuffer;
import java.util.Comparator;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.deadletter.Source;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.state.StoreFormat;

/**
 * The records {@link ReadingsInOrder} holds, as its store keeps them: the key ({@code <time>/f<offset>} for a fix,
 * {@code <time>/s<offset>} for a sample; {@code n<counter>} in place of the offset for a record of no known offset, as
 * in a test without record metadata), the order of the records of one time, and the binary value (kind,
 * timestamp, source offset, key, the input's raw bytes).
 */
final class HeldRecords {

    /** With the input's headers; format 1 (all before 2026-12-07, thirty-fourth session; now a record without any). */
    private static final StoreFormat HELD = new StoreFormat(ReadingsInOrder.STORE, (byte) 2);
    private static final StoreFormat HELD_WITHOUT_HEADERS = new StoreFormat(ReadingsInOrder.STORE, (byte) 1);

    private final String locationsTopic;
    private final String accelerationsTopic;
    private final int partition;

    /** A codec for the held records of one task (its partition of the two input topics). */
    HeldRecords(String locationsTopic, String accelerationsTopic, int partition) {
        this.locationsTopic = locationsTopic;
        this.accelerationsTopic = accelerationsTopic;
        this.partition = partition;
    }

    /** A held record's key: unique and stable across restarts (the offset; a partition holds one input kind). */
    static String key(long time, boolean location, long offset, long counter) {
        return time + (location ? "/f" : "/s") + (offset >= 0 ? String.valueOf(offset) : "n" + counter);
    }

    /** The counter in the key of a record of no known offset ({@link #key} with a negative offset), else -1. */
    static long counter(String key) {
        int at = key.indexOf('/') + 2;
        return at < key.length() && key.charAt(at) == 'n' ? Long.parseLong(key, at + 1, key.length(), 10) : -1;
    }

    /** The kind in a held record's key: {@code <time>/f<offset>} for a fix, {@code <time>/s<offset>} for a sample. */
    static boolean isSample(String key) {
        return key.charAt(key.indexOf('/') + 1) == 's';
    }

    /**
     * The order of the held records of one event time: fixes before samples, and each input in its partition's order
     * (by offset as a number, so offset 10 comes after 9; records without an offset, as in a test without record
     * metadata, in arrival order after those with one).
     */
    static final Comparator<String> WITHIN_A_TIME = Comparator
            .comparing((String key) -> key.charAt(key.indexOf('/') + 1))
            .thenComparing(key -> key.charAt(key.indexOf('/') + 2) == 'n')
            .thenComparingLong(key -> {
                int at = key.indexOf('/') + 2;
                return Long.parseLong(key, key.charAt(at) == 'n' ? at + 1 : at, key.length(), 10);
            });

    /**
     * A held record: kind ('f' fix, 's' sample), timestamp, source offset (-1: none), key, the input's headers (their
     * count, then each name and value), the input's raw value. The headers go with every pair, alert and dead letter
     * of the reading: a record held across a restart keeps them, as one let go before it does.
     */
    static byte[] encode(Record<String, Object> record, Checked<?> checked, boolean location, long offset) {
        byte[] key = StoreFormat.utf8(record.key());
        Header[] headers = record.headers().toArray();
        byte[][] names = new byte[headers.length][];
        // format 1 for a record without headers, as before there were any: 4 bytes less, and the build before reads it
        int headerBytes = headers.length == 0 ? 0 : 4;
        for (int i = 0; i < headers.length; i++) {
            names[i] = StoreFormat.utf8(headers[i].key());
            headerBytes += StoreFormat.length(names[i]) + StoreFormat.length(headers[i].value());
        }
        StoreFormat format = headers.length == 0 ? HELD_WITHOUT_HEADERS : HELD;
        ByteBuffer b = format.allocate(1 + 8 + 8 + StoreFormat.length(key) + headerBytes + checked.raw().length)
                .put((byte) (location ? 'f' : 's')).putLong(record.timestamp()).putLong(offset);
        StoreFormat.putString(b, key);
        if (headers.length > 0) {
            b.putInt(headers.length);
            for (int i = 0; i < headers.length; i++) {
                StoreFormat.putBytes(StoreFormat.putBytes(b, names[i]), headers[i].value());
            }
        }
        return b.put(checked.raw()).array();
    }

    Record<String, Object> decode(byte[] bytes) {
        boolean withHeaders = bytes == null || bytes.length == 0 || bytes[0] != HELD_WITHOUT_HEADERS.version();
        ByteBuffer b = withHeaders ? HELD.open(bytes) : HELD_WITHOUT_HEADERS.open(bytes);
        boolean location = b.get() == 'f';
        long timestamp = b.getLong();
        long offset = b.getLong();
        String key = StoreFormat.getString(b);
        RecordHeaders headers = new RecordHeaders();
        for (int n = withHeaders ? b.getInt() : 0; n > 0; n--) {
            headers.add(StoreFormat.getString(b), StoreFormat.getBytes(b));
        }
        byte[] raw = new byte[b.remaining()];
        b.get(raw);
        SensorReading reading = location ? FleetSerdes.locationFix().fromBytes(raw)
                : FleetSerdes.accelerationSample().fromBytes(raw);
        SensorReading resolved = reading.eventTime() == timestamp ? reading
                : reading.withIdentity(reading.id(), reading.rideId(), reading.uuid(), timestamp);
        return withSource(new Record<>(key, Checked.valid(resolved, raw), timestamp, headers), location,
                offset);
    }

    /** The record with the input partition and offset it was read from, for a dead letter's source; as is if none. */
    Record<String, Object> withSource(Record<String, Object> record, boolean location, long offset) {
        return offset < 0 ? record : record.withValue(((Checked<?>) record.value())
                .withSource(new Source(location ? locationsTopic : accelerationsTopic, partition, offset)));
    }
}
