package org.fleetstreams.ingest;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The next record of each input partition, as Kafka Streams has already read it: its offset and event time.
 *
 * <p>A task keeps a queue of fetched records per partition and extracts the timestamp of each queue's head as soon
 * as it becomes the head: when it is fetched into an empty queue, or when the record before it is taken for
 * processing, which happens before that record is processed (Kafka Streams' {@code RecordQueue.poll}). So while
 * the merge ({@code time.ReadingsInOrder}) handles a record, the timestamp extractor has usually seen the next record of both input
 * partitions already. If that record is the very next one after what the merge took from the partition (its offset is
 * the merge's next offset), the input is known to reach that time before anything else of it comes: in a catch-up,
 * where the queues are full, a sample no longer waits in the store for the next fix to be processed.
 *
 * <p>Why the offset makes this safe: the extractor is shared by every task and thread of one app instance, and a
 * partition can move between them, so a head may be stale (an earlier owner's, from before a rewind). But the record at
 * a given offset is always the same record with the same event time, so a head whose offset is the merge's next offset
 * tells the truth whoever saw it; any other head is ignored. A record that will not pass the checks gives no head (its
 * time is whatever its producer wrote), and offsets skipped by transaction markers give none either: no head is then
 * used for a moment.
 */
public final class InputHeads {

    /** Streams setting: {@code false} makes the merge ignore the heads (to measure what they save). Default true. */
    public static final String CONFIG = "fleetstreams.merge.input-heads";

    /** No heads known, ever: the merge waits for records it has taken, as without this. */
    public static final InputHeads NONE = new InputHeads(false);

    private record Head(long offset, long timestamp) {
    }

    private final boolean enabled;
    private final ConcurrentHashMap<TopicPartition, Head> heads = new ConcurrentHashMap<>();

    public InputHeads() {
        this(true);
    }

    private InputHeads(boolean enabled) {
        this.enabled = enabled;
    }

    /** The extractor saw the record at {@code offset} of this partition, with this event time, as its queue's head. */
    public void saw(String topic, int partition, long offset, long timestamp) {
        if (enabled) {
            heads.put(new TopicPartition(topic, partition), new Head(offset, timestamp));
        }
    }

    /** No time known: below every event time (the same value as the merge's own "none"). */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * The event time of the record at {@code nextOffset} of this partition if it is the head last seen there, else
     * {@link #UNKNOWN}.
     */
    public long timeAt(String topic, int partition, long nextOffset) {
        if (!enabled || nextOffset < 0) {
            return UNKNOWN;
        }
        Head head = heads.get(new TopicPartition(topic, partition));
        return head != null && head.offset() == nextOffset ? head.timestamp() : UNKNOWN;
    }
}
