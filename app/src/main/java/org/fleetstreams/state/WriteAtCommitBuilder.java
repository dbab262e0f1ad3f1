package org.fleetstreams.state;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds a {@link WriteAtCommitStore} over the store {@code below} builds; caching is the store's own job. */
record WriteAtCommitBuilder<K, V>(StoreBuilder<KeyValueStore<K, V>> below)
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
        return new WriteAtCommitBuilder<>(below.withLoggingEnabled(config));
    }

    @Override
    public StoreBuilder<WriteAtCommitStore<K, V>> withLoggingDisabled() {
        return new WriteAtCommitBuilder<>(below.withLoggingDisabled());
    }

    @Override
    public WriteAtCommitStore<K, V> build() {
        return WriteAtCommitStore.over(below.build());
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
