package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.ingest.CheckedSerde;
import org.junit.jupiter.api.Test;

/**
 * The hold store in chunks: whatever was held and released, in whatever order, a task restarted from the store holds
 * exactly what was held; and records held and released in arrival order cost a store entry per chunk, not per record.
 */
class HeldChunksTest {

    @Test
    void aRestartHoldsExactlyWhatWasHeldAfterAnyHoldsAndReleases() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            KeyValueStore<String, byte[]> store = store();
            HeldChunks chunks = new HeldChunks(store);
            chunks.restore((k, v) -> { });
            Map<String, byte[]> expected = new HashMap<>();
            List<String> order = new ArrayList<>(); // held, in arrival order
            int next = 0;
            for (int step = 0; step < 2_000; step++) {
                if (expected.isEmpty() || random.nextInt(100) < 55) {
                    String key = next + "/s" + next;
                    byte[] value = ("record " + next + " " + "x".repeat(random.nextInt(40))).getBytes(StandardCharsets.UTF_8);
                    next++;
                    chunks.hold(key, value);
                    expected.put(key, value);
                    order.add(key);
                } else {
                    int releases = 1 + random.nextInt(Math.min(order.size(), 40));
                    for (int i = 0; i < releases; i++) {
                        // mostly the oldest (event-time order), sometimes one from anywhere (a fix held longer)
                        String key = order.remove(random.nextInt(100) < 85 ? 0 : random.nextInt(order.size()));
                        chunks.release(key);
                        expected.remove(key);
                    }
                    chunks.writeReleased();
                }
                if (step % 97 == 0 || step == 1_999) {
                    Map<String, byte[]> restored = new HashMap<>();
                    new HeldChunks(store).restore(restored::put);
                    assertThat(restored.keySet()).as("seed %d step %d", seed, step).isEqualTo(expected.keySet());
                    restored.forEach((k, v) -> assertThat(v).isEqualTo(expected.get(k)));
                }
            }
            // a restarted task goes on holding and releasing from what it restored
            HeldChunks restarted = new HeldChunks(store);
            restarted.restore((k, v) -> { });
            restarted.hold("late/s1", new byte[] {1});
            order.forEach(restarted::release);
            restarted.writeReleased();
            Map<String, byte[]> left = new HashMap<>();
            new HeldChunks(store).restore(left::put);
            assertThat(left).containsOnlyKeys("late/s1");
        }
    }

    @Test
    void recordsHeldAndReleasedInOrderTakeOneEntryPerChunk() {
        KeyValueStore<String, byte[]> store = store();
        HeldChunks chunks = new HeldChunks(store);
        chunks.restore((k, v) -> { });
        for (int i = 0; i < 10 * HeldChunks.CHUNK; i++) {
            chunks.hold(i + "/s" + i, new byte[] {(byte) i});
        }
        assertThat(store.approximateNumEntries()).isEqualTo(10);
        for (int i = 0; i < 5 * HeldChunks.CHUNK; i++) {
            chunks.release(i + "/s" + i);
        }
        chunks.writeReleased();
        assertThat(store.approximateNumEntries()).isEqualTo(5);
        assertThat(chunks.held()).isEqualTo(5 * HeldChunks.CHUNK);
    }

    @Test
    void noChunkOfTheLargestReadingsOutgrowsWhatOneChangelogRecordMayCarry() {
        // configure: readings of the largest size the input check takes, held one after another
        KeyValueStore<String, byte[]> store = store();
        HeldChunks chunks = new HeldChunks(store);
        chunks.restore((k, v) -> { });
        byte[] largest = new byte[CheckedSerde.MAX_VALUE_BYTES];
        int count = 3 * HeldChunks.CHUNK;

        for (int i = 0; i < count; i++) {
            chunks.hold(i + "/s" + i, largest);
        }

        // verify: every chunk's value fits the producer's default 1 MB request with room to spare, and none is lost
        try (var all = store.all()) {
            all.forEachRemaining(e -> assertThat(e.value.length).as(e.key).isLessThanOrEqualTo(HeldChunks.CHUNK_BYTES + 100));
        }
        assertThat(HeldChunks.CHUNK_BYTES).isLessThan(1024 * 1024 / 2);
        Map<String, byte[]> restored = new HashMap<>();
        new HeldChunks(store).restore(restored::put);
        assertThat(restored).hasSize(count);
    }

    @Test
    void releasingARecordThatIsNotHeldAndAnOldFormatAreRefused() {
        KeyValueStore<String, byte[]> store = store();
        HeldChunks chunks = new HeldChunks(store);
        chunks.restore((k, v) -> { });
        assertThatThrownBy(() -> chunks.release("1/s1")).hasMessageContaining("not held: 1/s1");

        store.put("1700000000000/s12", new byte[] {1, 's'}); // the one-record-per-key layout of earlier versions
        assertThatThrownBy(() -> new HeldChunks(store).restore((k, v) -> { }))
                .hasMessageContaining("readings-in-order-held").hasMessageContaining("reset the application");
    }

    /** An in-memory hold store, initialised, without a changelog (also for {@code HeldQueueTest}). */
    static KeyValueStore<String, byte[]> store() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ReadingsInOrder.STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
