package org.fleetstreams.replay.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.fleetstreams.common.EventTimeRange;
import org.fleetstreams.common.admin.TopicSettings;

/**
 * Will a topic keep, and even accept, the records of this replay? A replay's record timestamps are its event
 * times, which can be years in the past (an old {@code --epoch}) or run ahead of the wall clock ({@code --speed}
 * above 1, loops). Four topic settings bite:
 * <ul>
 *   <li>{@code cleanup.policy}: a compacted topic keeps only the newest record of each key, and every record is
 *       keyed by its ride: one reading per ride would be left.</li>
 *   <li>{@code retention.ms}: the broker deletes a segment once its newest timestamp is older than this;
 *       with the default 7 days, records from 2017 are gone within minutes of publishing.</li>
 *   <li>{@code message.timestamp.before.max.ms}: older timestamps are rejected; below 1x event time falls
 *       further behind the wall clock as the replay goes on.</li>
 *   <li>{@code message.timestamp.after.max.ms}: newer timestamps are rejected; since Kafka 4.0 the default is
 *       one hour (KIP-1030), which a looping replay at 10x passes after about 7 minutes.</li>
 * </ul>
 * Brokers before Kafka 3.6 have {@code message.timestamp.difference.max.ms} instead of the last two, for both.
 * Pure, so each rule has a unit test.
 */
public final class TimestampCheck {

    /** A finding about one topic: an error stops the replay before it publishes, a warning is printed. */
    public record Finding(boolean error, String message) {
    }

    /**
     * The replay's timing: the event time of its first record, of its last (or {@link Long#MAX_VALUE} when it
     * loops forever), its speed and the wall-clock start.
     */
    public record Timing(long firstEventTime, long lastEventTime, double speed, long wallStart) {

        /** How far event time runs ahead of the wall clock per wall millisecond, once started. */
        double driftPerWallMilli() {
            return Double.isInfinite(speed) ? Double.POSITIVE_INFINITY : speed - 1;
        }
    }

    private TimestampCheck() {
    }

    /**
     * Whether the app will take this replay's event times as real ({@link EventTimeRange}): an {@code --epoch} before
     * 2000 (say 1970, so that a timestamp reads as the offset in ms) is accepted by Kafka and by Spark, but the app sends
     * every such record to its dead letters as a unit mistake. A warning, not an error: the topics' other readers take
     * them. A looping replay is checked at its start only.
     */
    public static List<Finding> checkRange(Timing timing) {
        boolean loops = timing.lastEventTime() == Long.MAX_VALUE;
        if (EventTimeRange.plausible(timing.firstEventTime())
                && (loops || EventTimeRange.plausible(timing.lastEventTime()))) {
            return List.of();
        }
        return List.of(new Finding(false, "this replay's event times ("
                + Instant.ofEpochMilli(timing.firstEventTime())
                + (loops ? " on" : " to " + Instant.ofEpochMilli(timing.lastEventTime()))
                + ") are not all within " + day(EventTimeRange.MIN_PLAUSIBLE) + ".." + day(EventTimeRange.MAX_PLAUSIBLE)
                + ": the fleetstreams app takes a timestamp outside that"
                + " range for a unit mistake and sends its record to the dead-letter topic. Use an --epoch from 2000 on"
                + " (the course's: 2017-08-28T00:00:00Z)"));
    }

    /** @param eventTimeField the records carry their event time in the value too ({@code --event-time-field}) */
    public static List<Finding> check(String topic, Map<String, String> config, Timing timing, boolean eventTimeField) {
        List<Finding> findings = new ArrayList<>();
        if (TopicSettings.compacts(config)) {
            // an error, not a warning: the loss is silent and no reader could tell it from a ride that sent little
            findings.add(new Finding(true, "topic " + topic + " has cleanup.policy="
                    + config.get(TopicConfig.CLEANUP_POLICY_CONFIG) + ": compaction keeps only the newest record of"
                    + " each key, and the replay keys every record by its ride_id, so one reading per ride would be"
                    + " left. Use another --topic-prefix, or make it a deleting topic: kafka-configs.sh"
                    + " --bootstrap-server ... --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=delete"));
        }
        long retention = longConfig(config, TopicConfig.RETENTION_MS_CONFIG, -1);
        if (retention >= 0 && timing.firstEventTime() < timing.wallStart() - retention) {
            findings.add(new Finding(false, "topic " + topic + " deletes records older than retention.ms="
                    + retention + " (" + human(retention) + "), but this replay's event times start at "
                    + Instant.ofEpochMilli(timing.firstEventTime()) + ": the broker will delete them within minutes"
                    + " of publishing. Keep them with: kafka-configs.sh --bootstrap-server ... --alter --entity-type"
                    + " topics --entity-name " + topic + " --add-config retention.ms=-1"));
        }
        if (TopicSettings.stampsAppendTime(config)) {
            // by default the record timestamp is the only event time the records carry
            findings.add(new Finding(!eventTimeField, "topic " + topic + " has message.timestamp.type=LogAppendTime:"
                    + " the broker replaces each record's timestamp with its append time; "
                    + (eventTimeField ? "event time survives only in the value's event_time field"
                    : "the records would carry no event time at all. Use a CreateTime topic, or --event-time-field to"
                    + " write it into each value as event_time")));
            return findings; // the two limits below apply to CreateTime only
        }
        // before Kafka 3.6 one setting limits both directions (TopicSettings.binding)
        TopicSettings.Limit behind = TopicSettings.binding(config, false);
        long before = behind.ms();
        if (before != Long.MAX_VALUE) {
            // below 1x event time falls behind the wall clock as the replay goes on: the mirror of the ahead check
            long behindAtStart = timing.wallStart() - timing.firstEventTime();
            boolean loops = timing.lastEventTime() == Long.MAX_VALUE;
            long behindAtEnd = loops ? behindAtStart : wallEnd(timing) - timing.lastEventTime();
            if (behindAtStart > before) {
                findings.add(new Finding(true, "topic " + topic + " rejects timestamps more than "
                        + behind.name() + "=" + before + " in the past, and this replay starts at event"
                        + " time " + Instant.ofEpochMilli(timing.firstEventTime()) + ". Use a later --epoch or raise the"
                        + " topic's limit"));
            } else if (behindAtEnd > before) {
                findings.add(new Finding(true, "topic " + topic + " rejects timestamps more than "
                        + behind.name() + "=" + before + " (" + human(before) + ") in the past, and at --speed "
                        + timing.speed() + " this replay's last record (event time "
                        + Instant.ofEpochMilli(timing.lastEventTime()) + ") is due " + human(behindAtEnd) + " behind"
                        + " the wall clock. Use a --speed nearer 1, a later --epoch, or raise the topic's limit"));
            } else if (loops && timing.driftPerWallMilli() < 0) {
                double wallMillis = (before - behindAtStart) / -timing.driftPerWallMilli();
                findings.add(new Finding(false, "topic " + topic + " rejects timestamps more than "
                        + behind.name() + "=" + before + " (" + human(before) + ") in the past;"
                        + " looping at this speed, event time falls that far behind after about "
                        + human((long) wallMillis) + " and sends will then fail. Set the topic's"
                        + " " + behind.name() + "=9223372036854775807 or replay at --speed 1"));
            }
        }
        long after = TopicSettings.acceptedAheadMs(config);
        String afterName = TopicSettings.binding(config, true).name();
        if (after != Long.MAX_VALUE) {
            long aheadAtStart = timing.firstEventTime() - timing.wallStart();
            boolean loops = timing.lastEventTime() == Long.MAX_VALUE;
            long aheadAtEnd = loops ? aheadAtStart : timing.lastEventTime() - wallEnd(timing);
            if (Math.max(aheadAtStart, aheadAtEnd) > after) {
                // the first refused send fails the replay, so this is an error whether or not the replay loops
                findings.add(new Finding(true, "topic " + topic + " rejects timestamps more than "
                        + afterName + "=" + after + " (" + human(after) + ") in the future,"
                        + " and this replay's event times reach " + Instant.ofEpochMilli(Math.max(
                                timing.firstEventTime(), loops ? timing.firstEventTime() : timing.lastEventTime()))
                        + ". Use an earlier --epoch, a lower --speed, or raise the topic's limit"));
            } else if (loops && timing.driftPerWallMilli() > 0) {
                double wallMillis = (after - aheadAtStart) / timing.driftPerWallMilli();
                findings.add(new Finding(false, "topic " + topic + " rejects timestamps more than "
                        + afterName + "=" + after + " (" + human(after) + ") in the future;"
                        + " looping at this speed, event time gets that far ahead after about "
                        + human((long) wallMillis) + " and sends will then fail. Set the topic's"
                        + " " + afterName + "=9223372036854775807 or replay at --speed 1"));
            }
        }
        return findings;
    }

    private static String day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static long wallEnd(Timing timing) {
        return Double.isInfinite(timing.speed()) ? timing.wallStart()
                : timing.wallStart() + (long) ((timing.lastEventTime() - timing.firstEventTime()) / timing.speed());
    }

    private static long longConfig(Map<String, String> config, String key, long fallback) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String human(long millis) {
        if (millis >= Duration.ofDays(2).toMillis()) {
            return millis / Duration.ofDays(1).toMillis() + " days";
        }
        if (millis >= Duration.ofHours(2).toMillis()) {
            return millis / Duration.ofHours(1).toMillis() + " hours";
        }
        if (millis >= Duration.ofMinutes(2).toMillis()) {
            return millis / Duration.ofMinutes(1).toMillis() + " minutes";
        }
        return Math.max(0, millis / 1000) + " s";
    }
}
