package org.fleetstreams.state;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

/**
 * Topic settings for the changelogs of the app's stores, in one place: every store of the topology takes its
 * changelog's settings from here ({@code ChangelogSettingsTest} reads them back from a real broker).
 *
 * <p><b>Key-value stores: 16 MB segments.</b> Kafka Streams gives a key-value changelog {@code cleanup.policy=compact}
 * and the broker's segment size (1 GB, rolled after 7 days): the log cleaner never compacts the active segment, so a
 * store restored from its changelog reads every write since the last roll (7 days by default). The in-memory stores
 * are restored at every start, the RocksDB ones in full when a task moves to an instance without its state or a state
 * directory is lost; a store written once per record and commit (the merge's held records, the join's fixes with their
 * deletes) would replay up to a gigabyte of history. With 16 MB segments the cleaner compacts all but the newest
 * 16 MB. Compacted is not tiny: a deleted key's tombstone stays for {@code delete.retention.ms} (a day by default),
 * and the cleaner waits until half the log is dirty.
 *
 * <p><b>Key-value stores: compacted, whatever {@code topic.cleanup.policy} says.</b> Kafka Streams builds an internal
 * topic's settings from its own defaults, then the {@code topic.}-prefixed settings of the config (for every internal
 * topic), then the store's own, each winning over the one before. So a {@code topic.cleanup.policy=compact,delete} in
 * {@code --config} made every key-value changelog time-deleted, by the records' timestamps, which are event times: with
 * a replay of 2017 data the broker deleted their segments as soon as they rolled, and a restore silently lacked
 * state (the merge's held records, the join's fixes, the overview's rides). Naming {@code compact} here, per store,
 * wins over it. The price: a {@code topic.cleanup.policy} meant for these changelogs is ignored. The window
 * changelog still takes it ({@code compact,delete} is its default anyway, and its records are stamped with append
 * time, below, so a deletion counts from the write there).
 *
 * <p><b>Window stores: append time.</b> Kafka Streams gives a window store's changelog
 * {@code cleanup.policy=compact,delete} with {@code retention.ms} = the store's retention + 1 day, and the broker
 * applies that retention to the records' timestamps, which are event times. A replay of recorded data (the BDD data
 * is from 2017) therefore writes changelog records that are years "old" on arrival: as soon as a segment rolls (the
 * first commit marker, stamped with the wall clock, rolls it), the broker deletes it, and a task restored after a
 * crash lacks the records in it. That is how the instance-fault scenario lost joined pairs: the fix the join had
 * written to its changelog in a committed transaction was gone from the log (docs/reliability.md). With
 * {@code message.timestamp.type=LogAppendTime} the broker stamps changelog records with the time it appends them, so
 * retention counts from when they were written. Restoring a window store reads the window time from the record key,
 * not from its timestamp, so nothing else changes.
 */
public final class Changelogs {

    /** The segment size of every key-value store's changelog. */
    public static final int KEY_VALUE_SEGMENT_BYTES = 16 * 1024 * 1024;

    private Changelogs() {
    }

    /**
     * A key-value store's changelog: compacted (Kafka Streams' default, named here so that a
     * {@code topic.cleanup.policy} in the config cannot change it) in 16 MB segments.
     */
    public static Map<String, String> keyValue() {
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(KEY_VALUE_SEGMENT_BYTES));
    }

    /** A window store's changelog: stamped with append time, so the broker's retention counts from the write. */
    public static Map<String, String> window() {
        return Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.LOG_APPEND_TIME.name);
    }
}
