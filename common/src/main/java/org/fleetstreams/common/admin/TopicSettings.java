package org.fleetstreams.common.admin;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;

/**
 * The topic settings the replayer and the app create their topics with, and how they read a topic's own: records are
 * stamped with event time, which can be years old or run hours ahead of the wall clock. Pure, so each rule has a unit
 * test; {@link TopicSetup} applies them on a broker.
 */
public final class TopicSettings {

    /** How far ahead of the wall clock a record's timestamp may be (Kafka 3.6 on; one hour by default since 4.0). */
    public static final String AHEAD_LIMIT = "message.timestamp.after.max.ms";

    /**
     * The same limit on brokers before Kafka 3.6, which know no {@link #AHEAD_LIMIT} and refuse a topic that names it
     * ("Unknown topic config name"): one limit for both directions, unlimited by default; removed in Kafka 4.0.
     */
    public static final String OLDER_LIMIT = "message.timestamp.difference.max.ms";

    /** How far behind the wall clock a record's timestamp may be (Kafka 3.6 on; unlimited by default). */
    public static final String BEHIND_LIMIT = "message.timestamp.before.max.ms";

    private TopicSettings() {
    }

    /** Settings for the topics the project creates (the replayer's, the app's outputs, the demo's). */
    public static Map<String, String> defaultTopicConfig() {
        return defaultTopicConfig(List.of(AHEAD_LIMIT));
    }

    /**
     * {@link #defaultTopicConfig()} with the limit on timestamps ahead of the wall clock under each of
     * {@code limitNames} ({@link #limitNames}), unlimited.
     */
    public static Map<String, String> defaultTopicConfig(List<String> limitNames) {
        Map<String, String> config = new LinkedHashMap<>();
        // Event times can be years old: time-based retention would delete replayed records within minutes.
        config.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        // Loops and speeds above 1 put event time ahead of the wall clock; Kafka 4 rejects > 1 h by default.
        limitNames.forEach(name -> config.put(name, String.valueOf(Long.MAX_VALUE)));
        return config;
    }

    /**
     * The names under which the brokers know the limit on timestamps ahead of the wall clock, judged by the settings
     * of one of their topics ({@link TopicSetup#config}, which lists every setting the broker knows, defaults too):
     * {@link #AHEAD_LIMIT} on Kafka 4; {@link #OLDER_LIMIT} before 3.6; both on 3.6 to 3.9, which go by the older one
     * while the newer one is at its default ({@link #binding}), so a topic is unlimited only with both. The newer
     * name when the settings name neither.
     */
    public static List<String> limitNames(Map<String, String> topicConfig) {
        return limitNames(topicConfig::containsKey);
    }

    /** {@link #limitNames(Map)}, with whether the brokers know a name asked of {@code known}. */
    public static List<String> limitNames(Predicate<String> known) {
        List<String> names = Stream.of(AHEAD_LIMIT, OLDER_LIMIT).filter(known).toList();
        return names.isEmpty() ? List.of(AHEAD_LIMIT) : names;
    }

    /** A limit on record timestamps, and the setting that sets it. */
    public record Limit(String name, long ms) {
    }

    /**
     * The limit that binds a topic with these settings ({@link TopicSetup#config}) ahead of the wall clock, or behind
     * it ({@code message.timestamp.before.max.ms}): the newer setting where it is below its unlimited default, else
     * the older one where the broker has it (before Kafka 3.6 it is the only one; 3.6 to 3.9 have both and go by the
     * older one while the newer one is at its default), else the newer one. Blank or unreadable values count as
     * unlimited.
     */
    public static Limit binding(Map<String, String> config, boolean ahead) {
        String newer = ahead ? AHEAD_LIMIT : BEHIND_LIMIT;
        long value = millis(config.get(newer));
        if (value == Long.MAX_VALUE && config.containsKey(OLDER_LIMIT)) {
            return new Limit(OLDER_LIMIT, millis(config.get(OLDER_LIMIT)));
        }
        return new Limit(newer, value);
    }

    /**
     * How far ahead of the wall clock a record's timestamp may be for a topic with these settings to take it: the
     * {@link #binding} limit ({@link #AHEAD_LIMIT} is one hour by default since Kafka 4.0, KIP-1030), or
     * {@link Long#MAX_VALUE} when the broker stamps records itself ({@code LogAppendTime}). The replayer's timestamp
     * check and the app's note on topics it did not create both judge by it.
     */
    public static long acceptedAheadMs(Map<String, String> config) {
        if (stampsAppendTime(config)) {
            return Long.MAX_VALUE;
        }
        return binding(config, true).ms();
    }

    /**
     * Whether a topic with these settings is compacted: {@code cleanup.policy} {@code compact}, alone or with
     * {@code delete}. Compaction keeps only the newest record of each key, and the replayer keys its records by
     * ride, so a compacted input would keep one reading per ride: the replayer refuses such a topic.
     */
    public static boolean compacts(Map<String, String> config) {
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        return policy != null && Arrays.stream(policy.split(",")).map(String::strip)
                .anyMatch(TopicConfig.CLEANUP_POLICY_COMPACT::equalsIgnoreCase);
    }

    /** Whether the broker replaces each record's timestamp with its append time ({@code LogAppendTime}). */
    public static boolean stampsAppendTime(Map<String, String> config) {
        return TimestampType.LOG_APPEND_TIME.name.equalsIgnoreCase(config.getOrDefault(
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.CREATE_TIME.name));
    }

    /**
     * {@link #defaultTopicConfig()} with {@code given} (the replayer's {@code --topic-config}) on top. Given the
     * older limit and not the newer one, the newer one is left out: a broker before Kafka 3.6 refuses a topic that
     * names it.
     */
    public static Map<String, String> withGiven(Map<String, String> given) {
        Map<String, String> config = defaultTopicConfig();
        if (!newerLimitByDefault(given.keySet())) {
            config.remove(AHEAD_LIMIT);
        }
        config.putAll(given);
        return config;
    }

    /**
     * Whether topic settings that name {@code given} still get the newer limit by default: not when they name the
     * older one alone, as for a broker before Kafka 3.6, which refuses the newer one. The replayer's
     * {@code --topic-config} ({@link #withGiven}) and the app's {@code topic.} settings for Kafka Streams go by it.
     */
    public static boolean newerLimitByDefault(Set<String> given) {
        return !given.contains(OLDER_LIMIT) || given.contains(AHEAD_LIMIT);
    }

    private static long millis(String value) {
        try {
            return value == null || value.isBlank() ? Long.MAX_VALUE : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether a broker's refusal says it does not know the setting {@code name} (Kafka's LogConfig.validateNames). */
    static boolean refusedAsUnknown(String refusal, String name) {
        return refusal != null && refusal.strip().endsWith("Unknown topic config name: " + name);
    }

    /**
     * The settings to create a topic with again after a broker refused one of them as unknown, when that is an
     * unlimited setting that has an older name in {@code olderNames}: the same setting under its older name. Empty for
     * any other refusal, and for a limit someone asked for, which the older setting would apply to the past too. (The
     * renamed settings no longer name the refused one, so a creation is tried at most once more per name.)
     */
    static Optional<Map<String, String>> underOlderName(String refusal, Map<String, String> config,
                                                        Map<String, String> olderNames) {
        for (Map.Entry<String, String> names : olderNames.entrySet()) {
            String unlimited = String.valueOf(Long.MAX_VALUE);
            if (refusedAsUnknown(refusal, names.getKey())
                    && unlimited.equals(config.get(names.getKey())) && !config.containsKey(names.getValue())) {
                Map<String, String> renamed = new LinkedHashMap<>();
                config.forEach((k, v) -> renamed.put(k.equals(names.getKey()) ? names.getValue() : k, v));
                return Optional.of(renamed);
            }
        }
        return Optional.empty();
    }
}
