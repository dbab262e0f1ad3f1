package org.fleetstreams.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorContextUtils;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps each changed key's latest value as an object and writes it to the store below (and
 * so to the changelog) once, just before Kafka Streams commits the task; a key deleted before it was ever written
 * there is not written at all.
 *
 * <p>Why: the detector's state (about 4 KB) changes with every 50 Hz sample. Kafka Streams' own record cache also
 * writes a key once per commit, but it serialises the value and files the bytes in a sorted map on every put: 13 %
 * of the stream thread at fleet 50 (docs/benchmarks.md). Here a put is a hash-map put of a reference, and a ride's
 * state is serialised once per commit.
 *
 * <p>Exactly-once holds because the writes happen in {@link #flushCache()}, which Kafka Streams calls for every
 * {@code CachedStateStore} while preparing a commit, before the transaction holding the task's offsets commits
 * ({@code ProcessorStateManager.flushCache}, the same call that empties its own record cache). Each value is written
 * under the record context of its last put, as Kafka Streams' cache does, so changelog timestamps and the store's
 * query position are the same as with the cache. A value put here must stay what the store holds until the next
 * commit: a caller may keep changing the object it put (the detector does), and the commit writes it as it is then.
 *
 * <p>The trade-off: this leans on two Kafka Streams internals ({@code WrappedStateStore} and the record context of
 * {@code InternalProcessorContext}), pinned by the project's single Kafka version and covered by
 * {@code WriteAtCommitStoreTest}, which fails if a commit stops writing what was put. Interactive queries (v2,
 * {@code query()}) read the store below: the state as of the last commit. So does any read from a thread other than
 * the one processing the task (an IQv1 facade's {@code get} or {@code all}): the pending values are that thread's alone.
 * A query bound by a position may wait longer here than over a cache: a delete of a key the store below never held
 * writes nothing, so it does not move the position ({@link #flushCache()}; the app bounds no query by position).
 */
public final class WriteAtCommitStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    /**
     * A handle on one key, for a caller that puts the same key again and again (a ride's detector state at 50 Hz): a put
     * through it marks the key changed without finding it in a hash map first (7 % of the stream thread at fleet 150
     * went to those lookups). {@link #slot(KeyValueStore, Object)} hands one out.
     */
    public interface Slot<V> {
        /** The same as the store's {@code put(key, value)}. */
        void put(V value);
    }

    /** A key's pending value; a slot handed out stays in {@link #slots} while the key has a value. */
    private static final class KeySlot<K, V> implements Slot<V> {
        private final WriteAtCommitStore<K, V> store;
        private final K key;
        private V value;
        private ProcessorRecordContext context;
        private boolean pending;
        /**
         * The key's first change since the last commit put a value: it may be a key the store below lacks. One that
         * began with a delete is taken to be there (a tombstone for a key that is not is harmless, only wasted).
         */
        private boolean begunWithPut;
        private boolean held;
        private boolean attached = true;

        private KeySlot(WriteAtCommitStore<K, V> store, K key) {
            this.store = store;
            this.key = key;
        }

        @Override
        public void put(V value) {
            store.put(this, value);
        }
    }

    /** The slots of the keys changed since the last commit, and of the keys whose slot a caller holds. */
    private final Map<K, KeySlot<K, V>> slots = new HashMap<>();
    /** The changed keys' slots, in the order they first changed. */
    private final List<KeySlot<K, V>> pending = new ArrayList<>();
    private InternalProcessorContext<?, ?> context;
    /** The thread processing the task: the only one that sees, writes or changes what is pending. */
    private Thread owner;

    private WriteAtCommitStore(KeyValueStore<K, V> below) {
        super(below);
    }

    static <K, V> WriteAtCommitStore<K, V> over(KeyValueStore<K, V> below) {
        return new WriteAtCommitStore<>(below);
    }

    /**
     * This store over an in-memory key-value store, changelogged: the choice for a processor that keeps its state on
     * the heap and reads the store only when its task starts. The store below then only holds what the changelog
     * holds, for a restart and for interactive queries; RocksDB under it cost a native put of every changed value at
     * each commit (11 % of the stream thread's wall time at fleet 200, thread dumps) and gave nothing back, because
     * nothing reads it on the hot path. The price: the store is rebuilt from its changelog at every start, as a
     * RocksDB store is after any unclean one under exactly-once; these changelogs are compacted and small per ride.
     */
    public static <K, V> StoreBuilder<WriteAtCommitStore<K, V>> inMemory(String name, Serde<K> keySerde,
                                                                          Serde<V> valueSerde) {
        return builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keySerde, valueSerde)
                .withLoggingEnabled(Changelogs.keyValue()));
    }

    /**
     * This store over {@code below}, which must be a key-value store builder; its caching is turned off (this store
     * is the cache), its logging is kept as configured.
     */
    public static <K, V> StoreBuilder<WriteAtCommitStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> below) {
        return new WriteAtCommitBuilder<>(below.withCachingDisabled());
    }

    /**
     * A {@link Slot} on {@code key} of {@code store} (as a processor gets it from its context): this store's own if
     * {@code store} is one or wraps one, else one that puts by key (a test's plain store).
     */
    @SuppressWarnings("unchecked")
    public static <K, V> Slot<V> slot(KeyValueStore<K, V> store, K key) {
        StateStore s = store;
        while (!(s instanceof WriteAtCommitStore) && s instanceof WrappedStateStore<?, ?, ?> wrapper) {
            s = wrapper.wrapped();
        }
        if (s instanceof WriteAtCommitStore<?, ?> own) {
            KeySlot<K, V> slot = ((WriteAtCommitStore<K, V>) own).slotOf(Objects.requireNonNull(key, "key"));
            slot.held = true;
            return slot;
        }
        return value -> store.put(key, value);
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        forgetSlots();
        context = ProcessorContextUtils.asInternalProcessorContext(stateStoreContext);
        owner = Thread.currentThread();
        super.init(stateStoreContext, root);
    }

    @Override
    public void put(K key, V value) {
        put(slotOf(Objects.requireNonNull(key, "key")), value);
    }

    private KeySlot<K, V> slotOf(K key) {
        return slots.computeIfAbsent(key, k -> new KeySlot<>(this, k));
    }

    private void put(KeySlot<K, V> slot, V value) {
        owner = Thread.currentThread(); // a task moves between stream threads with its stores; puts come from its thread
        if (!slot.attached) {
            // A held slot whose key was deleted (and written) or whose task restarted: the key's current slot, if
            // any, keeps the key's one place in the write order.
            KeySlot<K, V> current = slots.putIfAbsent(slot.key, slot);
            if (current != null && current != slot) {
                put(current, value);
                return;
            }
            slot.attached = true;
        }
        slot.value = value;
        slot.context = context.recordContext();
        if (!slot.pending) {
            slot.pending = true;
            slot.begunWithPut = value != null;
            pending.add(slot);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(e -> put(e.key, e.value));
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        put(key, null);
        return current;
    }

    @Override
    public V get(K key) {
        if (Thread.currentThread() != owner) {
            return wrapped().get(key);
        }
        KeySlot<K, V> slot = slots.get(key);
        return slot != null && slot.pending ? slot.value : wrapped().get(key);
    }

    // Scans are rare here (a task's start); they write what is pending first, inside the open transaction, as an
    // uncached store would, so they see every put.
    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writePending();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writePending();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writePending();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writePending();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        writePending();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writePending();
        return wrapped().approximateNumEntries();
    }

    /**
     * Called by Kafka Streams before every commit: writes each changed key once. A key put and then deleted since the
     * last commit that the store below does not hold at the commit is not written: a tombstone would change nothing
     * there but cost a changelog record (the store's query position then does not move to that record, as it would
     * with Kafka Streams' cache). The check is a get below, made only for such keys, which are mostly new (in a
     * catch-up at fleet 150, 8 % of the join's fixes and 3 % of its sample chunks are put and deleted between two
     * commits); a key whose changes began with a delete gets its tombstone without one.
     */
    @Override
    public void flushCache() {
        writePending();
        super.flushCache();
    }

    /** Called when a task's uncommitted work is thrown away: so is what is pending. */
    @Override
    public void clearCache() {
        forgetSlots();
        super.clearCache();
    }

    @Override
    public void close() {
        forgetSlots();
        super.close();
    }

    /** Keys changed since the last commit (for tests and metrics). */
    public int pendingKeys() {
        return pending.size();
    }

    private void writePending() {
        if (pending.isEmpty() || Thread.currentThread() != owner) {
            return;
        }
        ProcessorRecordContext current = context.recordContext();
        try {
            for (KeySlot<K, V> slot : pending) {
                if (slot.value != null || !slot.begunWithPut || wrapped().get(slot.key) != null) {
                    context.setRecordContext(slot.context);
                    wrapped().put(slot.key, slot.value);
                }
                slot.pending = false;
                slot.context = null;
                if (!slot.held || slot.value == null) {
                    slots.remove(slot.key); // nothing to keep it for: the key's next put makes a new one
                    slot.attached = false;
                }
            }
        } finally {
            context.setRecordContext(current);
            pending.clear();
        }
    }

    /** Drops what is pending, and every slot: one still held is attached again at its next put. */
    private void forgetSlots() {
        for (KeySlot<K, V> slot : slots.values()) {
            slot.pending = false;
            slot.context = null;
            slot.attached = false;
        }
        slots.clear();
        pending.clear();
    }
}
