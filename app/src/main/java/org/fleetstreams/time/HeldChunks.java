package org.fleetstreams.time;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.state.StoreFormat;

/**
 * How {@link ReadingsInOrder} keeps what it holds in its store: in chunks of up to {@value #CHUNK} records (and
 * {@value #CHUNK_BYTES} bytes), one store entry per chunk, rather than one entry per record.
 *
 * <p>Why: the store is cached, so its changelog gets one record per key and commit. With a key per record, every held
 * record cost at least one changelog record (a tombstone, even when it was released before the next commit), and in a
 * live replay, where each sample waits for its partition's next GPS fix, nearly every sample is held: at 10x on
 * {@code data/sample} the hold store wrote 93,061 changelog records for 120,951 input records, the app's second
 * largest writer after the join's samples (bench {@code --order-check}). Records are held and released in roughly
 * arrival order, so a chunk fills, then empties, and costs one or two changelog records for up to {@value #CHUNK}
 * held records. The price: each hold rewrites its chunk's value (a copy of up to {@value #CHUNK} encoded records).
 *
 * <p>Value ({@link StoreFormat} 2): the number of records, then per record its key (the held record's key, see
 * {@link HeldRecords}) and its {@link HeldRecords#encode encoded} bytes. A chunk's key is {@code c<number>}.
 */
final class HeldChunks {

    static final int CHUNK = 32;
    /**
     * A chunk also ends at this many bytes: its value is one changelog record, and 32 of the largest readings
     * ({@link org.fleetstreams.ingest.CheckedSerde#MAX_VALUE_BYTES}) would pass the producer's 1 MB request limit.
     */
    static final int CHUNK_BYTES = 256 * 1024;
    private static final StoreFormat CHUNKS = new StoreFormat(ReadingsInOrder.STORE, (byte) 2);

    private final KeyValueStore<String, byte[]> store;
    /**
     * chunk number → its records (held record key → the record's entry in the chunk's value: its key and encoded
     * bytes, ready-made, so writing a chunk is one copy of each entry), in the order they were held.
     */
    private final Map<Long, LinkedHashMap<String, byte[]>> chunks = new HashMap<>();
    private final Map<String, Long> chunkOf = new HashMap<>();
    private final Set<Long> changed = new HashSet<>();
    private long open;
    private int openBytes;

    HeldChunks(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Loads what the store holds (a task's start or restart) and hands every held record to {@code each}. */
    void restore(BiConsumer<String, byte[]> each) {
        chunks.clear();
        chunkOf.clear();
        changed.clear();
        long last = -1;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> e = all.next();
                long number = number(e.key);
                LinkedHashMap<String, byte[]> records = decode(e.value);
                LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>();
                records.forEach((key, record) -> entries.put(key, entry(key, record)));
                chunks.put(number, entries);
                records.keySet().forEach(key -> chunkOf.put(key, number));
                records.forEach(each);
                last = Math.max(last, number);
            }
        }
        open = last + 1; // a restored chunk is not added to: each one is only ever emptied from here on
        openBytes = 0;
    }

    /**
     * Holds one record and writes its chunk. A key held already is the same record again (its input offset is in the
     * key): after an unclean stop under at-least-once, the store's changelog can be ahead of the committed offsets, so
     * a restored chunk holds a record the task then reads again. It stays where it is: a second copy in the open chunk
     * left the restored one behind once released, to be let go again after the next restart.
     */
    void hold(String key, byte[] encoded) {
        if (chunkOf.containsKey(key)) {
            return;
        }
        byte[] entry = entry(key, encoded);
        if (openBytes > 0 && openBytes + entry.length > CHUNK_BYTES) {
            open++;
            openBytes = 0;
        }
        LinkedHashMap<String, byte[]> chunk = chunks.computeIfAbsent(open, n -> new LinkedHashMap<>());
        chunk.put(key, entry);
        openBytes += entry.length;
        chunkOf.put(key, open);
        store.put(name(open), encode(chunk));
        changed.remove(open); // written just now
        if (chunk.size() >= CHUNK) {
            open++;
            openBytes = 0;
        }
    }

    /** Forgets a released record; its chunk is written (or deleted, once empty) by {@link #writeReleased()}. */
    void release(String key) {
        Long number = chunkOf.remove(key);
        if (number == null) {
            throw new IllegalStateException("released a record that is not held: " + key);
        }
        chunks.get(number).remove(key);
        changed.add(number);
    }

    /** Writes every chunk that records were released from since the last call: its rest, or a delete when empty. */
    void writeReleased() {
        for (long number : changed) {
            LinkedHashMap<String, byte[]> chunk = chunks.get(number);
            if (chunk.isEmpty()) {
                chunks.remove(number);
                store.delete(name(number));
            } else {
                store.put(name(number), encode(chunk));
            }
        }
        changed.clear();
    }

    int held() {
        return chunkOf.size();
    }

    private static String name(long number) {
        return "c" + number;
    }

    private static long number(String name) {
        if (name.isEmpty() || name.charAt(0) != 'c') {
            throw new IllegalArgumentException("store " + ReadingsInOrder.STORE + " holds a key '" + name
                    + "' of another format (one record per key): reset the application");
        }
        return Long.parseLong(name.substring(1));
    }

    /** A record's entry in its chunk's value: the key as a {@link StoreFormat} string, the length, the bytes. */
    private static byte[] entry(String key, byte[] record) {
        byte[] k = StoreFormat.utf8(key);
        ByteBuffer b = ByteBuffer.allocate(StoreFormat.length(k) + 4 + record.length);
        StoreFormat.putString(b, k);
        return b.putInt(record.length).put(record).array();
    }

    private static byte[] encode(LinkedHashMap<String, byte[]> chunk) {
        int size = 4;
        for (byte[] entry : chunk.values()) {
            size += entry.length;
        }
        ByteBuffer b = CHUNKS.allocate(size).putInt(chunk.size());
        for (byte[] entry : chunk.values()) {
            b.put(entry);
        }
        return b.array();
    }

    private static LinkedHashMap<String, byte[]> decode(byte[] bytes) {
        ByteBuffer b = CHUNKS.open(bytes);
        int count = b.getInt();
        LinkedHashMap<String, byte[]> records = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = StoreFormat.getString(b);
            byte[] record = new byte[b.getInt()];
            b.get(record);
            records.put(key, record);
        }
        return records;
    }
}
