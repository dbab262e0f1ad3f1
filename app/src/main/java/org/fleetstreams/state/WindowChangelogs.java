package org.fleetstreams.state;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Topic settings for the changelogs of the app's window stores. Kafka Streams gives a window store's changelog
 * {@code cleanup.policy=compact,delete} with {@code retention.ms} = the store's retention + 1 day, and the broker
 * applies that retention to the records' timestamps, which are event times. A replay of recorded data (the BDD data
 * is from 2017) therefore writes changelog records that are years "old" on arrival: as soon as a segment rolls (the
 * first commit marker, stamped with the wall clock, rolls it), the broker deletes it, and a task restored after a
 * crash lacks the records in it. That is how the instance-fault scenario lost joined pairs: the fix the join had
 * written to its changelog in a committed transaction was gone from the log (docs/reliability.md).
 *
 * <p>With {@code message.timestamp.type=LogAppendTime} the broker stamps changelog records with the time it appends
 * them, so retention counts from when they were written. Restoring a window store reads the window time from the
 * record key, not from its timestamp, so nothing else changes.
 */
public final class WindowChangelogs {

    private WindowChangelogs() {
    }

    public static Map<String, String> config() {
        return Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    }
}
