package org.fleetstreams.replay.resume;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Where a resumed replay picks up: per input partition, how many of the replay's records it already holds. The replay
 * walks its schedule from the start and skips, partition by partition, that many records; the next one is the first it
 * publishes there.
 *
 * @param held       topic → records held per partition
 * @param otherRecords records of anyone else in the topics (left alone)
 */
public record ResumePoint(int partitions, Map<String, long[]> held, long otherRecords) {

    public ResumePoint {
        Map<String, long[]> copy = new HashMap<>();
        held.forEach((topic, counts) -> copy.put(topic, counts.clone()));
        held = Map.copyOf(copy);
    }

    /**
     * The partition the replayer's producer puts a keyed record in: its default partitioner (murmur2 of the key),
     * the same function for both topics, which is why a ride's two inputs are co-partitioned. A producer configured
     * with another partitioner puts records elsewhere; the resume check then finds them out of place and refuses.
     */
    static int partitionOf(byte[] key, int partitions) {
        return BuiltInPartitioner.partitionForKey(key, partitions);
    }

    /** Replay records already held, all partitions. */
    public long total() {
        return held.values().stream().mapToLong(counts -> Arrays.stream(counts).sum()).sum();
    }

    /** A fresh filter for one walk of the schedule. */
    public ResumeFilter filter() {
        return new ResumeFilter(this);
    }
}
