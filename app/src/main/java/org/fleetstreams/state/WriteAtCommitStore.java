package org.fleetstreams.state;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
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
 * so to the changelog) once, just before Kafka Streams commits the task.
 *
 * <p>Why: the detector's state (about 3.5 KB) changes with every 50 Hz sample. Kafka Streams' own record cache also
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
 */
public final class WriteAtCommitStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {

    private record Pending<V>(V value, ProcessorRecordContext context) {
    }

    /** The changelog segment size of an {@link #inMemory} store. */
    public static final int CHANGELOG_SEGMENT_BYTES = 16 * 1024 * 1024;

    private final Map<K, Pending<V>> pending = new HashMap<>();
    private InternalProcessorContext<?, ?> context;
    /** The thread processing the task: the only one that sees, writes or changes what is pending. */
    private Thread owner;

    private WriteAtCommitStore(KeyValueStore<K, V> below) {
        super(below);
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
        // Segments of 16 MB (not the broker's 1 GB) so the log cleaner compacts all but the newest 16 MB, and a
        // restart replays a few values per ride, not every commit's.
        return builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), keySerde, valueSerde)
                .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(CHANGELOG_SEGMENT_BYTES))));
    }

    /**
     * This store over {@code below}, which must be a key-value store builder; its caching is turned off (this store
     * is the cache), its logging is kept as configured.
     */
    public static <K, V> StoreBuilder<WriteAtCommitStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> below) {
        return new Builder<>(below.withCachingDisabled());
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        pending.clear();
        context = ProcessorContextUtils.asInternalProcessorContext(stateStoreContext);
        owner = Thread.currentThread();
        super.init(stateStoreContext, root);
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        owner = Thread.currentThread(); // a task moves between stream threads with its stores; puts come from its thread
        pending.put(key, new Pending<>(value, context.recordContext()));
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
        Pending<V> p = pending.get(key);
        return p != null ? p.value() : wrapped().get(key);
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

    /** Called by Kafka Streams before every commit: writes each changed key once. */
    @Override
    public void flushCache() {
        writePending();
        super.flushCache();
    }

    /** Called when a task's uncommitted work is thrown away: so is what is pending. */
    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        pending.clear();
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
            for (Map.Entry<K, Pending<V>> e : pending.entrySet()) {
                context.setRecordContext(e.getValue().context());
                wrapped().put(e.getKey(), e.getValue().value());
            }
        } finally {
            context.setRecordContext(current);
            pending.clear();
        }
    }

    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> below)
            implements StoreBuilder<WriteAtCommitStore<K, V>> {

        @Override
        public StoreBuilder<WriteAtCommitStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException(name() + " is its own cache; Kafka Streams' cache would only add a copy");
        }

        @Override
        public StoreBuilder<WriteAtCommitStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteAtCommitStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(below.withLoggingEnabled(config));
        }

        @Override
        public StoreBuilder<WriteAtCommitStore<K, V>> withLoggingDisabled() {
            return new Builder<>(below.withLoggingDisabled());
        }

        @Override
        public WriteAtCommitStore<K, V> build() {
            return new WriteAtCommitStore<>(below.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return below.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return below.loggingEnabled();
        }

        @Override
        public String name() {
            return below.name();
        }
    }
}
