package org.fleetstreams.join;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.state.WriteAtCommitStore;

/**
 * How the join keeps its samples in {@value JoinProcessor#SAMPLES}: per ride, in chunks of up to {@value #CHUNK}
 * samples in arrival order, one store entry per chunk ({@code <ride>/<chunk number>}), not one per sample.
 *
 * <p>Why: the samples were a window store, written through to its changelog once per sample: the app's largest
 * changelog (1,764,313 of 2,673,173 internal records in {@code bench --fleet 75}), and with the producer's work for
 * them about a sixth of the stream thread's time. The store is now a key-value store written at commit
 * ({@link org.fleetstreams.state.WriteAtCommitStore}), so its changelog gets one record per changed chunk and commit,
 * copied out of the open chunk then. The price: a chunk is deleted only when its newest sample can no longer pair.
 * What the join pairs does not depend on the chunks: they are only how the samples reach the changelog.
 */
final class SampleChunks {

    static final int CHUNK = 32;

    private final KeyValueStore<String, Encoded> store;
    private final Map<String, Ride> rides = new HashMap<>();

    /**
     * One ride's chunks, oldest first; only the last one is open for samples. The join keeps it with the ride's
     * buffer, so that a sample costs one lookup by ride, not three (the rides' map entries are cold in memory at every
     * record: 3 % of the stream thread at fleet 150).
     */
    static final class Ride {
        private final String name;
        private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        private long next;
        private Chunk open;
        /** Its last chunk was deleted and it left the map: the ride's next sample starts a new one. */
        private boolean gone;

        private Ride(String name) {
            this.name = name;
        }

        boolean gone() {
            return gone;
        }
    }

    private static final class Chunk {
        final String key;
        /** The encoded chunk so far, for an open chunk; null for one restored from the store (closed). */
        final byte[] bytes;
        int length = JoinStoreSerdes.sampleChunkLength(0);
        long newest = Long.MIN_VALUE;
        /** The chunk as a store value, encoded as it is when the store writes it. */
        final Encoded value = this::encoded;
        /** Its key in the store, for an open chunk (put at every sample). */
        WriteAtCommitStore.Slot<Encoded> slot;

        Chunk(String key, boolean open) {
            this.key = key;
            this.bytes = open ? JoinStoreSerdes.emptySampleChunk(CHUNK) : null;
        }

        /** The chunk as the store keeps it, as it is now (the store encodes it at the commit). */
        byte[] encoded() {
            return Arrays.copyOf(bytes, length);
        }
    }

    SampleChunks(KeyValueStore<String, Encoded> store) {
        this.store = store;
    }

    /**
     * Loads what the store holds (a task's start or restart) and hands every stored sample to {@code each}, per ride in
     * the order they were added. A restored ride's last chunk is closed: its next sample starts a new one.
     */
    void restore(BiConsumer<String, JoinSample> each) {
        rides.clear();
        Map<String, List<KeyValue<Long, List<JoinSample>>>> stored = new HashMap<>();
        try (KeyValueIterator<String, Encoded> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, Encoded> e = all.next();
                List<JoinSample> samples = JoinStoreSerdes.sampleChunk(e.value.bytes()); // first: an old format says so
                int slash = e.key.lastIndexOf('/');
                long number;
                try {
                    number = Long.parseLong(e.key.substring(slash + 1));
                } catch (NumberFormatException | IndexOutOfBoundsException bad) {
                    throw new IllegalArgumentException("store " + JoinProcessor.SAMPLES + " holds a key that is no"
                            + " <ride>/<chunk number>: reset the application", bad);
                }
                stored.computeIfAbsent(e.key.substring(0, slash), r -> new ArrayList<>())
                        .add(KeyValue.pair(number, samples));
            }
        }
        stored.forEach((ride, chunks) -> {
            chunks.sort(Comparator.comparingLong(c -> c.key));
            Ride r = rides.computeIfAbsent(ride, Ride::new);
            for (KeyValue<Long, List<JoinSample>> c : chunks) {
                Chunk chunk = new Chunk(ride + "/" + c.key, false);
                for (JoinSample s : c.value) {
                    chunk.newest = Math.max(chunk.newest, s.eventTime());
                    each.accept(ride, s);
                }
                r.chunks.addLast(chunk);
                r.next = c.key + 1;
            }
        });
    }

    /** The ride's chunks, new and empty if it has none. */
    Ride ride(String ride) {
        return rides.computeIfAbsent(ride, Ride::new);
    }

    /** The ride's chunks, or null if it has none. */
    Ride existing(String ride) {
        return rides.get(ride);
    }

    /** Adds a sample to its ride's open chunk (a new one when there is none or it is full) and writes the chunk. */
    void add(String ride, JoinSample sample) {
        add(ride(ride), sample);
    }

    /** {@link #add(String, JoinSample)} for a ride from {@link #ride}, not {@link Ride#gone()}. */
    void add(Ride r, JoinSample sample) {
        if (r.gone) {
            throw new IllegalStateException("ride " + r.name + ": its chunks are gone; look it up again");
        }
        Chunk chunk = r.open;
        if (chunk == null || chunk.length == JoinStoreSerdes.sampleChunkLength(CHUNK)) {
            chunk = new Chunk(r.name + "/" + r.next++, true);
            chunk.slot = WriteAtCommitStore.slot(store, chunk.key);
            r.chunks.addLast(chunk);
            r.open = chunk;
        }
        chunk.length = JoinStoreSerdes.putSample(chunk.bytes, chunk.length, sample);
        chunk.newest = Math.max(chunk.newest, sample.eventTime());
        chunk.slot.put(chunk.value);
    }

    /** Deletes a ride's oldest chunks while every sample in them is older than {@code t}. */
    void forgetBefore(String ride, long t) {
        Ride r = rides.get(ride);
        if (r != null) {
            forgetBefore(r, t);
        }
    }

    /**
     * {@link #forgetBefore(String, long)} for a ride from {@link #ride} or {@link #existing}, not gone. Chunks go from
     * the oldest on; when the oldest stays because it holds a sample stamped ahead of the next chunk's (a phone's
     * clock), the later chunks that are all older than {@code t} go too, or that one sample would keep them all.
     */
    void forgetBefore(Ride r, long t) {
        if (r.gone) {
            return;
        }
        while (!r.chunks.isEmpty() && r.chunks.peekFirst().newest < t) {
            delete(r, r.chunks.pollFirst());
        }
        if (r.chunks.size() > 1 && outOfOrderAtTheFront(r)) {
            for (Iterator<Chunk> it = r.chunks.iterator(); it.hasNext(); ) {
                Chunk chunk = it.next();
                if (chunk.newest < t) {
                    it.remove();
                    delete(r, chunk);
                }
            }
        }
        if (r.chunks.isEmpty()) {
            rides.remove(r.name, r); // its numbering may start again: no key of it is left in the store
            r.gone = true;
        }
    }

    /**
     * The oldest chunk's newest sample is later than the next chunk's or the last one's: only in order is the front the
     * one to go. The last one's too: a burst stamped ahead fills several chunks, each later than the one before, and
     * with the next chunk alone the normal chunks after the burst stayed (an audit: 0.8 s of a phone's clock an hour
     * ahead kept an hour of the ride's samples, about 5,600 chunks). A burst ahead, then normal samples, then a larger
     * jump ahead that stays is still not seen: its normal chunks go when the clock passes the burst.
     */
    private static boolean outOfOrderAtTheFront(Ride r) {
        Iterator<Chunk> it = r.chunks.iterator();
        long first = it.next().newest;
        return first > it.next().newest || first > r.chunks.peekLast().newest;
    }

    private void delete(Ride r, Chunk gone) {
        store.delete(gone.key);
        if (gone == r.open) {
            r.open = null;
        }
    }

    /** Entries in the store: for tests. */
    int chunks() {
        return rides.values().stream().mapToInt(r -> r.chunks.size()).sum();
    }
}
