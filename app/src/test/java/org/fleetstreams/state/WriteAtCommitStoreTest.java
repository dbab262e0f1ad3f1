package org.fleetstreams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The store that writes at commit: every key changed since the last commit reaches the changelog exactly once per
 * commit, with the value its object has at the commit (the caller may keep changing it, as the detector does), but a
 * key put and deleted in between, which the store below never held: not at all; scans see what is pending. The TopologyTestDriver commits after each input record, as Kafka Streams' commit would, through
 * {@code ProcessorStateManager.flushCache}. That a restarted task reads back what was committed needs a changelog
 * restore, which a TopologyTestDriver does not do: {@code AppScalingTest} checks it on a real broker (a restart ends
 * as an uninterrupted run does).
 */
class WriteAtCommitStoreTest {

    private static final String STORE = "counts";
    private static final String CHANGELOG = "write-at-commit-test-" + STORE + "-changelog";

    /** A mutable value, like a ride's detector state. */
    static final class Counter {
        long count;
    }

    static final Serde<Counter> COUNTER = Serdes.serdeFrom(
            (topic, c) -> c == null ? null : ByteBuffer.allocate(8).putLong(c.count).array(),
            (topic, b) -> {
                if (b == null) {
                    return null;
                }
                Counter c = new Counter();
                c.count = ByteBuffer.wrap(b).getLong();
                return c;
            });

    /**
     * For input (key, n): puts the key's counter, then adds n to it one by one, putting it again each time; n = 0
     * deletes the key; n < 0 adds -n and then deletes the key, all before the commit. Like the detector, it reads from
     * its own map, loaded from the store when the task starts.
     */
    static final class CountingProcessor implements Processor<String, Long, String, Long> {
        private final Map<String, Counter> counters = new HashMap<>();
        private KeyValueStore<String, Counter> store;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            store = context.getStateStore(STORE);
            counters.clear();
            try (KeyValueIterator<String, Counter> all = store.all()) {
                all.forEachRemaining(e -> counters.put(e.key, e.value));
            }
        }

        @Override
        public void process(Record<String, Long> record) {
            if (record.value() == 0) {
                counters.remove(record.key());
                store.delete(record.key());
                return;
            }
            Counter c = counters.computeIfAbsent(record.key(), k -> new Counter());
            store.put(record.key(), c);
            for (long i = 0; i < Math.abs(record.value()); i++) {
                c.count++; // changed after the put: the commit must write this, not what it was at the put
                store.put(record.key(), c);
            }
            if (record.value() < 0) {
                counters.remove(record.key());
                store.delete(record.key());
            }
        }
    }

    /**
     * The same through {@link WriteAtCommitStore.Slot}s, one per key, kept for good: for input (key, n) with n > 0
     * adds n one by one; n = 0 deletes the key through its slot (and keeps the slot); n < 0 deletes it and counts
     * -n from zero in the same record.
     */
    static final class SlotCountingProcessor implements Processor<String, Long, String, Long> {
        private final Map<String, Counter> counters = new HashMap<>();
        private final Map<String, WriteAtCommitStore.Slot<Counter>> slots = new HashMap<>();
        private KeyValueStore<String, Counter> store;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, Long> record) {
            WriteAtCommitStore.Slot<Counter> slot = slots.computeIfAbsent(record.key(),
                    k -> WriteAtCommitStore.slot(store, k));
            if (record.value() <= 0) {
                counters.remove(record.key());
                slot.put(null);
            }
            Counter c = counters.computeIfAbsent(record.key(), k -> new Counter());
            for (long i = 0; i < Math.abs(record.value()); i++) {
                c.count++;
                slot.put(c);
            }
        }
    }

    static Topology topology() {
        return topology(CountingProcessor::new, true);
    }

    static Topology topology(ProcessorSupplier<String, Long, String, Long> counting, boolean writeAtCommit) {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.Long().deserializer(), "in");
        topology.addProcessor("count", counting, "in");
        var below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), COUNTER);
        if (writeAtCommit) {
            topology.addStateStore(WriteAtCommitStore.builder(below), "count");
        } else {
            topology.addStateStore(below.withCachingDisabled(), "count");
        }
        return topology;
    }

    static Properties config() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "write-at-commit-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return p;
    }

    private static TestInputTopic<String, Long> input(TopologyTestDriver driver) {
        return driver.createInputTopic("in", Serdes.String().serializer(), Serdes.Long().serializer());
    }

    private static TestOutputTopic<String, Counter> changelog(TopologyTestDriver driver) {
        return driver.createOutputTopic(CHANGELOG, Serdes.String().deserializer(), COUNTER.deserializer());
    }

    @Test
    void eachCommitWritesEveryChangedKeyOnceWithItsValueAtTheCommit() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            TestInputTopic<String, Long> in = input(driver);
            TestOutputTopic<String, Counter> changelog = changelog(driver);

            in.pipeInput("a", 5L); // 6 puts of one key within one commit
            in.pipeInput("b", 1L);
            in.pipeInput("a", 3L);

            List<KeyValue<String, Long>> written = new ArrayList<>();
            changelog.readKeyValuesToList().forEach(kv -> written.add(KeyValue.pair(kv.key, kv.value.count)));
            assertThat(written).containsExactly(KeyValue.pair("a", 5L), KeyValue.pair("b", 1L), KeyValue.pair("a", 8L));
            assertThat(driver.<String, Counter>getKeyValueStore(STORE).get("a").count).isEqualTo(8);
        }
    }

    @Test
    void aDeleteReachesTheChangelogAsATombstone() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            TestInputTopic<String, Long> in = input(driver);
            TestOutputTopic<String, Counter> changelog = changelog(driver);

            in.pipeInput("a", 2L);
            in.pipeInput("a", 0L);

            List<KeyValue<String, Counter>> written = changelog.readKeyValuesToList();
            assertThat(written).hasSize(2);
            assertThat(written.get(1).key).isEqualTo("a");
            assertThat(written.get(1).value).isNull();
            assertThat(driver.<String, Counter>getKeyValueStore(STORE).get("a")).isNull();
        }
    }

    @Test
    void aKeyPutAndDeletedBetweenTwoCommitsWritesNothing() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            TestInputTopic<String, Long> in = input(driver);
            TestOutputTopic<String, Counter> changelog = changelog(driver);

            in.pipeInput("a", 2L);  // written at the commit
            in.pipeInput("b", -3L); // put four times and deleted before the commit: the store below never held it
            in.pipeInput("a", -1L); // the store below holds it: its delete is a tombstone

            List<String> written = new ArrayList<>();
            changelog.readKeyValuesToList().forEach(kv -> written.add(kv.key + "=" + (kv.value == null ? null : kv.value.count)));
            assertThat(written).containsExactly("a=2", "a=null");
            KeyValueStore<String, Counter> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("a")).isNull();
            assertThat(store.get("b")).isNull();
        }
    }

    @Test
    void aChangelogRecordCarriesTheTimestampOfTheKeysLastInput() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            TestInputTopic<String, Long> in = input(driver);
            TestOutputTopic<String, Counter> changelog = changelog(driver);

            in.pipeInput("a", 1L, 1_000L);
            in.pipeInput("b", 1L, 7_000L);

            assertThat(changelog.readRecordsToList()).extracting(r -> r.key() + "@" + r.timestamp())
                    .containsExactly("a@1000", "b@7000");
        }
    }

    @Test
    void anotherThreadReadsOnlyWhatWasWrittenNotWhatIsPending() throws Exception {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            KeyValueStore<String, Counter> store = driver.getKeyValueStore(STORE);
            Counter committed = new Counter();
            committed.count = 1;
            store.put("x", committed);
            store.all().close(); // writes what is pending, as a commit would
            Counter pending = new Counter();
            pending.count = 2;
            store.put("x", pending);

            long[] seen = new long[2];
            Thread reader = new Thread(() -> {
                seen[0] = store.get("x").count;
                try (KeyValueIterator<String, Counter> all = store.all()) {
                    seen[1] = all.next().value.count;
                }
            });
            reader.start();
            reader.join();

            assertThat(seen).containsExactly(1, 1);
            assertThat(store.get("x").count).isEqualTo(2);
            assertThat(((WriteAtCommitStore<?, ?>) store).pendingKeys()).isEqualTo(1);
        }
    }

    @Test
    void scansSeeWhatIsPendingAndCachingCannotBeAdded() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(), config())) {
            KeyValueStore<String, Counter> store = driver.getKeyValueStore(STORE);
            Counter c = new Counter();
            c.count = 4;
            store.put("x", c);
            try (KeyValueIterator<String, Counter> all = store.all()) {
                assertThat(all.next().value.count).isEqualTo(4);
                assertThat(all.hasNext()).isFalse();
            }
            assertThat(store.approximateNumEntries()).isEqualTo(1);
        }
        assertThatThrownBy(() -> WriteAtCommitStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), COUNTER)).withCachingEnabled())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSlotWritesItsKeyOncePerCommitAndOutlivesTheKeysDelete() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(SlotCountingProcessor::new, true), config())) {
            TestInputTopic<String, Long> in = input(driver);
            TestOutputTopic<String, Counter> changelog = changelog(driver);

            in.pipeInput("a", 5L);
            in.pipeInput("b", 1L);
            in.pipeInput("a", 0L);  // deleted through the slot: a tombstone, and the slot lets go of the key
            in.pipeInput("a", 2L);  // the same slot again: it takes the key back
            in.pipeInput("a", -3L); // deleted and counted again before the commit: only the last value is written
            in.pipeInput("b", 2L);

            List<String> written = new ArrayList<>();
            changelog.readKeyValuesToList().forEach(kv -> written.add(kv.key + "=" + (kv.value == null ? null : kv.value.count)));
            assertThat(written).containsExactly("a=5", "b=1", "a=null", "a=2", "a=3", "b=3");
            KeyValueStore<String, Counter> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("a").count).isEqualTo(3);
            assertThat(store.get("b").count).isEqualTo(3);
            assertThat(((WriteAtCommitStore<?, ?>) store).pendingKeys()).isZero();
        }
    }

    @Test
    void aSlotOnAnyOtherStorePutsByKey() {
        try (TopologyTestDriver driver = new TopologyTestDriver(topology(SlotCountingProcessor::new, false), config())) {
            TestInputTopic<String, Long> in = input(driver);

            in.pipeInput("a", 2L);
            in.pipeInput("b", 1L);
            in.pipeInput("a", -4L);

            KeyValueStore<String, Counter> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("a").count).isEqualTo(4);
            assertThat(store.get("b").count).isEqualTo(1);
            assertThat(changelog(driver).readKeyValuesToList()).hasSize(2 + 1 + 1 + 4); // every put
        }
    }
}
