package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;

/**
 * When {@link KafkaSink} makes its {@link FixesBefore} promise, with the acknowledgements in the test's hands (Kafka's
 * {@code MockProducer}, acknowledging only when told): only once every fix sent to the sample's partition is
 * acknowledged, naming where they end; never again in a partition after a failed fix or one acknowledged without an
 * offset; and not at all when the
 * partition or the offsets are not the replayer's to know. {@code FixesBeforeEndToEndTest} checks the promises
 * against a real broker.
 */
class KafkaSinkPromiseTest {

    static final String LOCATIONS = "p-locations";
    static final String ACCELERATIONS = "p-accelerations";
    static final int PARTITIONS = 4;
    static final byte[] RIDE = "ride-a".getBytes(StandardCharsets.UTF_8);
    static final int PARTITION = Utils.toPositive(Utils.murmur2(RIDE)) % PARTITIONS;

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(cluster(), false, null,
            new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void aSamplePromisesOnlyOnceEveryFixOfItsPartitionIsAcknowledged() {
        KafkaSink sink = sink(new Properties());

        sink.send(ACCELERATIONS, RIDE, 1_000, new byte[0]); // no fix sent yet: nothing known
        sink.send(LOCATIONS, RIDE, 1_010, new byte[0]);
        sink.send(ACCELERATIONS, RIDE, 1_020, new byte[0]); // the fix is in flight
        producer.completeNext();
        producer.completeNext();
        producer.completeNext(); // the fix, at offset 0 of its partition
        sink.send(ACCELERATIONS, RIDE, 1_040, new byte[0]);

        assertThat(promises()).containsExactly(null, null, 1L);
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.partition()).isEqualTo(PARTITION));
    }

    @Test
    void afterAFailedFixItsPartitionPromisesNothingMore() {
        KafkaSink sink = sink(new Properties());
        sink.send(LOCATIONS, RIDE, 1_000, new byte[0]);
        producer.completeNext();
        sink.send(LOCATIONS, RIDE, 1_010, new byte[0]);
        producer.errorNext(new RuntimeException("expired")); // it may still be in the log, at an unknown offset

        sink.send(ACCELERATIONS, RIDE, 1_020, new byte[0]);
        sink.send(LOCATIONS, RIDE, 1_030, new byte[0]);
        producer.completeNext();
        producer.completeNext();
        sink.send(ACCELERATIONS, RIDE, 1_040, new byte[0]);

        assertThat(promises()).containsExactly(null, null);
    }

    @Test
    void aFixAcknowledgedWithoutAnOffsetStopsThePromisesLikeAFailedOne() {
        // a producer whose acknowledgement of the first fix carries no offset (hasOffset() false); the sink makes no
        // promises with acks=0 anyway, so this is the defence against any other acknowledgement without one
        AtomicBoolean withoutOffset = new AtomicBoolean(true);
        MockProducer<byte[], byte[]> noOffset = new MockProducer<>(cluster(), false, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                return super.send(record, (metadata, e) -> callback.onCompletion(
                        e == null && record.topic().equals(LOCATIONS) && withoutOffset.getAndSet(false)
                                ? new RecordMetadata(new TopicPartition(record.topic(), metadata.partition()), -1, 0,
                                        metadata.timestamp(), 0, 0)
                                : metadata, e));
            }
        };
        KafkaSink sink = new KafkaSink(noOffset, new Properties(), new ReplayStats(new RowSkips()),
                List.of(LOCATIONS, ACCELERATIONS), true, null);

        sink.send(LOCATIONS, RIDE, 1_000, new byte[0]);
        noOffset.completeNext(); // acknowledged, but where it is in the log is unknown
        sink.send(ACCELERATIONS, RIDE, 1_010, new byte[0]);
        sink.send(LOCATIONS, RIDE, 1_020, new byte[0]);
        noOffset.completeNext();
        noOffset.completeNext(); // this fix with its offset: still no end known for the partition
        sink.send(ACCELERATIONS, RIDE, 1_030, new byte[0]);

        assertThat(promises(noOffset)).containsExactly(null, null);
    }

    @Test
    void noPromiseWhenThePartitionOrTheOffsetsAreNotTheReplayersToKnow() {
        Properties ownPartitioner = new Properties();
        ownPartitioner.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, "com.example.ByRegion");
        Properties ignoreKeys = new Properties();
        ignoreKeys.put(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, "true");
        Properties noAcks = new Properties();
        noAcks.put(ProducerConfig.ACKS_CONFIG, "0");

        for (Properties config : List.of(ownPartitioner, ignoreKeys, noAcks)) {
            producer.clear();
            KafkaSink sink = sink(config);
            sink.send(LOCATIONS, RIDE, 1_000, new byte[0]);
            producer.completeNext();
            sink.send(ACCELERATIONS, RIDE, 1_020, new byte[0]);

            assertThat(promises()).as("%s", config).containsExactly((Long) null);
        }
        // a user's partitioner also picks the partition: the sink names none
        assertThat(producer.history()).allSatisfy(r -> assertThat(r.partition()).isNull());
    }

    private KafkaSink sink(Properties config) {
        return new KafkaSink(producer, config, new ReplayStats(new RowSkips()), List.of(LOCATIONS, ACCELERATIONS), true,
                null);
    }

    /** The promise of every accelerometer record sent, in order; null for none. */
    private List<Long> promises() {
        return promises(producer);
    }

    private static List<Long> promises(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream().filter(r -> r.topic().equals(ACCELERATIONS)).map(KafkaSinkPromiseTest::promise)
                .toList();
    }

    private static Long promise(ProducerRecord<byte[], byte[]> record) {
        long offset = FixesBefore.of(record.headers());
        return offset == FixesBefore.NONE ? null : offset;
    }

    static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, PARTITIONS).boxed()
                .flatMap(p -> List.of(new PartitionInfo(LOCATIONS, p, node, new Node[] {node}, new Node[] {node}),
                        new PartitionInfo(ACCELERATIONS, p, node, new Node[] {node}, new Node[] {node})).stream())
                .toList();
        return new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
    }
}
