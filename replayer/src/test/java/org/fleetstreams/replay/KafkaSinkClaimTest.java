package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.SentBefore;
import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaSink}'s {@link SentBefore} claims, with the acknowledgements in the test's hands (Kafka's
 * {@code MockProducer}, acknowledging only when told): every record names where the other input's records sent before
 * it to the same partition number end, counted from where the partitions ended at the start, acknowledged or not;
 * none after a failed send in that pair of partitions, and none when offsets cannot be counted.
 */
class KafkaSinkClaimTest {

    private static final String LOCATIONS = KafkaSinkPromiseTest.LOCATIONS;
    private static final String ACCELERATIONS = KafkaSinkPromiseTest.ACCELERATIONS;
    private static final int PARTITIONS = KafkaSinkPromiseTest.PARTITIONS;
    private static final byte[] RIDE = KafkaSinkPromiseTest.RIDE;
    private static final int PARTITION = KafkaSinkPromiseTest.PARTITION;
    private static final byte[] OTHER_RIDE = otherPartitionsRide();

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(KafkaSinkPromiseTest.cluster(), false, null,
            new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void everyRecordClaimsWhatWasSentOfTheOtherInputBeforeIt() {
        // the ride's partitions held 100 fixes and 5,000 samples before this replay
        KafkaSink sink = sink(idempotent(), ends(100, 5_000));

        sink.send(ACCELERATIONS, RIDE, 1_000, new byte[0]);
        sink.send(LOCATIONS, RIDE, 1_010, new byte[0]);
        sink.send(LOCATIONS, RIDE, 1_010, new byte[0]);
        sink.send(ACCELERATIONS, RIDE, 1_020, new byte[0]);
        sink.send(ACCELERATIONS, RIDE, 1_040, new byte[0]);
        sink.send(LOCATIONS, RIDE, 1_050, new byte[0]);
        sink.send(ACCELERATIONS, OTHER_RIDE, 1_060, new byte[0]); // another partition: its own counts

        // nothing acknowledged: counted as sent (offsets 100-102 for the fixes, 5,000-5,002 for the samples)
        assertThat(claims()).containsExactly(100L, 5_001L, 5_001L, 102L, 102L, 5_003L, otherEnd());
        // the acknowledgement-based promise is unchanged beside it: no fix of the ride acknowledged, none
        assertThat(producer.history().stream().filter(r -> r.topic().equals(ACCELERATIONS))
                .map(r -> FixesBefore.of(r.headers()))).containsOnly(FixesBefore.NONE);
    }

    @Test
    void afterAFailedSendThatPairOfPartitionsClaimsNothingMore() {
        KafkaSink sink = sink(idempotent(), ends(0, 0));
        sink.send(LOCATIONS, RIDE, 1_000, new byte[0]);
        sink.send(ACCELERATIONS, RIDE, 1_010, new byte[0]);
        producer.completeNext();
        producer.errorNext(new RuntimeException("expired")); // the sample may or may not be in the log

        sink.send(LOCATIONS, RIDE, 1_020, new byte[0]);
        sink.send(ACCELERATIONS, RIDE, 1_030, new byte[0]);
        sink.send(ACCELERATIONS, OTHER_RIDE, 1_040, new byte[0]);

        assertThat(claims()).containsExactly(0L, 1L, null, null, otherEnd());
    }

    @Test
    void noClaimsWhenOffsetsCannotBeCounted() {
        Properties retriesMayDuplicate = idempotent();
        retriesMayDuplicate.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        List<KafkaSink> sinks = List.of(sink(retriesMayDuplicate, ends(0, 0)), sink(idempotent(), null),
                new KafkaSink(producer, idempotent(), new ReplayStats(new RowSkips()), List.of(LOCATIONS, ACCELERATIONS),
                        false, ends(0, 0)));
        for (KafkaSink sink : sinks) {
            sink.send(LOCATIONS, RIDE, 1_000, new byte[0]);
            sink.send(ACCELERATIONS, RIDE, 1_010, new byte[0]);
        }

        assertThat(claims()).containsOnlyNulls().hasSize(6);
    }

    private KafkaSink sink(Properties config, long[][] ends) {
        return new KafkaSink(producer, config, new ReplayStats(new RowSkips()), List.of(LOCATIONS, ACCELERATIONS), true,
                ends);
    }

    private static Properties idempotent() {
        Properties config = new Properties();
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return config;
    }

    /** Where each partition of the two inputs ended: the ride's at these offsets, the others at 10 per partition. */
    private static long[][] ends(long locations, long accelerations) {
        long[] l = IntStream.range(0, PARTITIONS).mapToLong(p -> p == PARTITION ? locations : 10L * p).toArray();
        long[] a = IntStream.range(0, PARTITIONS).mapToLong(p -> p == PARTITION ? accelerations : 10L * p).toArray();
        return new long[][] {l, a};
    }

    /** Where the other ride's locations partition ended ({@link #ends}: 10 per partition). */
    private static long otherEnd() {
        return 10L * (Utils.toPositive(Utils.murmur2(OTHER_RIDE)) % PARTITIONS);
    }

    /** The claim of every record sent, in order; null for none. */
    private List<Long> claims() {
        List<Long> claims = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            long offset = SentBefore.of(r.headers());
            claims.add(offset == FixesBefore.NONE ? null : offset);
        }
        return claims;
    }

    private static byte[] otherPartitionsRide() {
        for (int i = 0; ; i++) {
            byte[] key = ("ride-" + i).getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS != PARTITION) {
                return key;
            }
        }
    }
}
