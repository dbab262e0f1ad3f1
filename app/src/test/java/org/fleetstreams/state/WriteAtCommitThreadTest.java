package org.fleetstreams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.fleetstreams.state.WriteAtCommitStoreTest.Counter;
import org.junit.jupiter.api.Test;

/**
 * A commit writes what every task of its thread has pending, not only the asking task's
 * ({@link WriteAtCommitStore#flushCache()}): Kafka Streams prepares a commit task by task, each turn ending in a
 * flush of the thread's producer, and a task that wrote only its own changes made the commit wait for one round trip
 * to the broker per task.
 *
 * <p>Two TopologyTestDrivers stand for two tasks: task B, in the middle of a record (its change pending), lets task A
 * process a record, which ends in A's commit. On the same thread, as two tasks of one stream thread, A's commit
 * writes B's change, and B's own commit after its record does not write it again. On two threads it does not:
 * another thread's tasks are in another producer's transaction.
 */
class WriteAtCommitThreadTest {

    private static final String B_CHANGELOG = "task-b-counts-changelog";

    /** Task B's processor: puts its key's counter, then lets {@code otherTask} run, and notes what it has pending. */
    static final class PutThenOtherTask implements Processor<String, Long, String, Long> {
        private final Runnable otherTask;
        private final List<Integer> pending;
        private KeyValueStore<String, Counter> store;
        private WriteAtCommitStore<?, ?> own;

        /** {@code pending}: where it notes its store's pending keys, before and after the other task's record. */
        PutThenOtherTask(Runnable otherTask, List<Integer> pending) {
            this.otherTask = otherTask;
            this.pending = pending;
        }

        @Override
        public void init(ProcessorContext<String, Long> context) {
            store = context.getStateStore("counts");
            StateStore s = store;
            while (!(s instanceof WriteAtCommitStore<?, ?>) && s instanceof WrappedStateStore<?, ?, ?> wrapper) {
                s = wrapper.wrapped();
            }
            own = (WriteAtCommitStore<?, ?>) s;
        }

        @Override
        public void process(Record<String, Long> record) {
            Counter c = new Counter();
            c.count = record.value();
            store.put(record.key(), c);
            pending.add(own.pendingKeys());
            otherTask.run();
            pending.add(own.pendingKeys());
        }
    }

    @Test
    void aCommitOnTheThreadWritesTheOtherTasksPendingChangeOnce() {
        try (TopologyTestDriver taskA = new TopologyTestDriver(WriteAtCommitStoreTest.topology(), config("task-a"))) {
            List<Integer> pending = new ArrayList<>();
            Runnable otherTask = () -> input(taskA).pipeInput("a", 2L);
            try (TopologyTestDriver taskB = new TopologyTestDriver(topology(otherTask, pending), config("task-b"))) {

                input(taskB).pipeInput("b", 7L);

                assertThat(pending).as("B's pending keys before and after A's commit").containsExactly(1, 0);
                assertThat(written(taskB, B_CHANGELOG)).containsExactly(KeyValue.pair("b", 7L));
                assertThat(written(taskA, "task-a-counts-changelog")).containsExactly(KeyValue.pair("a", 2L));
                assertThat(taskB.<String, Counter>getKeyValueStore("counts").get("b").count).isEqualTo(7);
            }
        }
    }

    @Test
    void aCommitOnAnotherThreadLeavesTheChangePendingForItsOwnTask() throws Exception {
        try (TopologyTestDriver taskA = new TopologyTestDriver(WriteAtCommitStoreTest.topology(), config("task-a"))) {
            // Task A runs on a thread of its own: its commit is another stream thread's
            List<Integer> pending = new ArrayList<>();
            Runnable otherTask = () -> CompletableFuture.runAsync(() -> input(taskA).pipeInput("a", 2L)).join();
            try (TopologyTestDriver taskB = new TopologyTestDriver(topology(otherTask, pending), config("task-b"))) {

                input(taskB).pipeInput("b", 7L);

                assertThat(pending).containsExactly(1, 1);
                // written by B's own commit, once
                assertThat(written(taskB, B_CHANGELOG)).containsExactly(KeyValue.pair("b", 7L));
                assertThat(written(taskA, "task-a-counts-changelog")).containsExactly(KeyValue.pair("a", 2L));
            }
        }
    }

    private static Topology topology(Runnable otherTask, List<Integer> pending) {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.Long().deserializer(), "in");
        topology.addProcessor("count", () -> new PutThenOtherTask(otherTask, pending), "in");
        topology.addStateStore(WriteAtCommitStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("counts"), Serdes.String(), WriteAtCommitStoreTest.COUNTER)), "count");
        return topology;
    }

    private static Properties config(String applicationId) {
        Properties p = WriteAtCommitStoreTest.config();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        return p;
    }

    private static TestInputTopic<String, Long> input(TopologyTestDriver driver) {
        return driver.createInputTopic("in", Serdes.String().serializer(), Serdes.Long().serializer());
    }

    private static List<KeyValue<String, Long>> written(TopologyTestDriver driver, String changelog) {
        List<KeyValue<String, Long>> out = new ArrayList<>();
        driver.createOutputTopic(changelog, Serdes.String().deserializer(), WriteAtCommitStoreTest.COUNTER.deserializer())
                .readKeyValuesToList().forEach(kv -> out.add(KeyValue.pair(kv.key, kv.value.count)));
        return out;
    }
}
