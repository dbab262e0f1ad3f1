package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * A range query opens an iterator in every partition at once. However reading them goes, each is closed: one left
 * open holds a RocksDB snapshot until its store closes, and the dashboard asks every second.
 */
class LocalStoresIteratorsTest {

    private final List<Tracked> opened = new ArrayList<>();

    @Test
    void everyPartitionIsReadAndClosed() {
        StateQueryResult<KeyValueIterator<String, Integer>> result = new StateQueryResult<>();
        result.addResult(0, QueryResult.forResult(iterator("a", "b")));
        result.addResult(1, QueryResult.forFailure(FailureReason.NOT_ACTIVE, "standby"));
        result.addResult(2, QueryResult.forResult(iterator("c")));
        List<String> read = new ArrayList<>();

        LocalStores.readEach(result, (partition, it) -> it.forEachRemaining(kv -> read.add(partition + ":" + kv.key)));

        assertThat(read).containsExactly("0:a", "0:b", "2:c");
        assertThat(opened).hasSize(2).allMatch(t -> t.closes == 1);
    }

    @Test
    void aPartitionThatFailsLeavesNoIteratorOpen() {
        // configure: partition 1 failed outright, 0 and 2 hold open iterators, as Kafka Streams hands them over
        StateQueryResult<KeyValueIterator<String, Integer>> result = new StateQueryResult<>();
        result.addResult(0, QueryResult.forResult(iterator("a")));
        result.addResult(1, QueryResult.forFailure(FailureReason.STORE_EXCEPTION, "store closed"));
        result.addResult(2, QueryResult.forResult(iterator("b")));

        assertThatThrownBy(() -> LocalStores.readEach(result, (partition, it) -> it.forEachRemaining(kv -> { })))
                .isInstanceOf(Unavailable.class);

        assertThat(opened).hasSize(2).allMatch(t -> t.closes == 1);
    }

    @Test
    void aReadThatThrowsLeavesNoIteratorOpen() {
        StateQueryResult<KeyValueIterator<String, Integer>> result = new StateQueryResult<>();
        result.addResult(0, QueryResult.forResult(iterator("a")));
        result.addResult(1, QueryResult.forResult(iterator("b")));

        assertThatThrownBy(() -> LocalStores.readEach(result, (partition, it) -> {
            throw new IllegalStateException("a value that does not decode");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(opened).hasSize(2).allMatch(t -> t.closes == 1);
    }

    private Tracked iterator(String... keys) {
        Tracked t = new Tracked(List.of(keys).iterator());
        opened.add(t);
        return t;
    }

    private static final class Tracked implements KeyValueIterator<String, Integer> {
        private final Iterator<String> keys;
        private int closes;

        private Tracked(Iterator<String> keys) {
            this.keys = keys;
        }

        @Override
        public boolean hasNext() {
            return keys.hasNext();
        }

        @Override
        public KeyValue<String, Integer> next() {
            return KeyValue.pair(keys.next(), 1);
        }

        @Override
        public String peekNextKey() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
