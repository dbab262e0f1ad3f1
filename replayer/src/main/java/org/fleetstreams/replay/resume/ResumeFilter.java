package org.fleetstreams.replay.resume;

import java.util.HashMap;
import java.util.Map;

/**
 * Used once, by the replay loop: says of each record, in schedule order, whether a {@link ResumePoint} already holds
 * it. Counts down per partition; once every partition is through, it answers "no" without a lookup.
 */
public final class ResumeFilter {

    /** A replay from the start: nothing is held. */
    public static final ResumeFilter NONE = new ResumeFilter(new ResumePoint(1, Map.of(), 0));

    private final int partitions;
    private final Map<String, long[]> left = new HashMap<>();
    private long remaining;

    ResumeFilter(ResumePoint point) {
        this.partitions = point.partitions();
        point.held().forEach((topic, counts) -> left.put(topic, counts.clone()));
        this.remaining = point.total();
    }

    /** True when this record (the next of its partition in schedule order) is already in the topic: skip it. */
    public boolean alreadyPublished(String topic, byte[] key) {
        if (remaining == 0) {
            return false;
        }
        long[] counts = left.get(topic);
        int p = ResumePoint.partitionOf(key, partitions);
        if (counts[p] == 0) {
            return false;
        }
        counts[p]--;
        remaining--;
        return true;
    }
}
