package org.fleetstreams.replay.resume;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.fleetstreams.common.Topics;

/** What the input topics hold, as {@link PublishedRecords#read} would find it, for tests outside this package. */
public final class HeldRecords {

    private final Map<String, PublishedRecords.Partition[]> topics = new HashMap<>();
    private final Map<String, String> rides = new HashMap<>();
    private final Topics inputs;
    private final int partitions;
    private long offset;
    private long others;

    /** Both inputs, {@code partitions} partitions each, empty. */
    public HeldRecords(Topics inputs, int partitions) {
        this.inputs = inputs;
        this.partitions = partitions;
        for (String topic : inputs.inputs()) {
            PublishedRecords.Partition[] parts = new PublishedRecords.Partition[partitions];
            for (int p = 0; p < partitions; p++) {
                parts[p] = new PublishedRecords.Partition();
            }
            topics.put(topic, parts);
        }
    }

    /** A replay record (a reading keyed by its own ride) in {@code partition}, wherever the producer would put it. */
    public HeldRecords add(String topic, int partition, String ride, long timestamp, String value) {
        byte[] key = ride.getBytes(StandardCharsets.UTF_8);
        topics.get(topic)[partition].add(offset++, timestamp, ride,
                PublishedRecords.fingerprint(key, value.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /**
     * A record as the consumer reads it from a topic with {@code message.timestamp.type=LogAppendTime}: the broker's
     * append time as its timestamp. Taken as {@link PublishedRecords#read} takes it, in the partition the producer
     * puts its key in.
     */
    public HeldRecords appended(String topic, String ride, long appendTime, byte[] value) {
        byte[] key = ride.getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, partitionOf(ride, partitions), offset++,
                appendTime, TimestampType.LOG_APPEND_TIME, key.length, value.length, key, value, new RecordHeaders(),
                Optional.empty());
        if (!PublishedRecords.hold(record, inputs, topics, rides)) {
            others++;
        }
        return this;
    }

    public PublishedRecords published() {
        return new PublishedRecords(topics, others);
    }

    /** The partition the replayer's producer puts a ride's records in. */
    public static int partitionOf(String ride, int partitions) {
        return ResumePoint.partitionOf(ride.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
