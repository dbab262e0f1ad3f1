package org.fleetstreams.replay.resume;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.fleetstreams.common.Topics;

/** What the input topics hold, as {@link PublishedRecords#read} would find it, for tests outside this package. */
public final class HeldRecords {

    private final Map<String, PublishedRecords.Partition[]> topics = new HashMap<>();
    private long offset;

    /** Both inputs, {@code partitions} partitions each, empty. */
    public HeldRecords(Topics inputs, int partitions) {
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

    public PublishedRecords published() {
        return new PublishedRecords(topics, 0);
    }

    /** The partition the replayer's producer puts a ride's records in. */
    public static int partitionOf(String ride, int partitions) {
        return ResumePoint.partitionOf(ride.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
