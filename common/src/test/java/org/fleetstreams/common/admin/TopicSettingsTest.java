package org.fleetstreams.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings rules of {@link TopicSettings} for brokers of other Kafka versions: a broker before 3.6 knows no
 * {@code message.timestamp.after.max.ms} and refuses a topic that names it; it has
 * {@code message.timestamp.difference.max.ms} (removed in 4.0), one limit for both directions.
 */
class TopicSettingsTest {

    private static final String MAX = String.valueOf(Long.MAX_VALUE);

    /** What a 3.5 broker lists for a topic (DescribeConfigs): the older limit, no newer one. */
    private static final Map<String, String> KAFKA_3_5 = Map.of("retention.ms", "604800000",
            "message.timestamp.type", "CreateTime", "message.timestamp.difference.max.ms", MAX);

    /** What a 4.x broker lists: the newer limits only. */
    private static final Map<String, String> KAFKA_4 = Map.of("retention.ms", "604800000",
            "message.timestamp.type", "CreateTime", "message.timestamp.after.max.ms", "3600000",
            "message.timestamp.before.max.ms", MAX);

    @Test
    void theLimitIsNamedAsTheBrokerNamesIt() {
        assertThat(TopicSettings.limitNames(KAFKA_4)).containsExactly("message.timestamp.after.max.ms");
        assertThat(TopicSettings.limitNames(KAFKA_3_5)).containsExactly("message.timestamp.difference.max.ms");
        // 3.6 to 3.9 list both and go by the older one while the newer one is at its default: both, unlimited
        Map<String, String> kafka37 = new HashMap<>(KAFKA_4);
        kafka37.put("message.timestamp.difference.max.ms", "86400000");
        assertThat(TopicSettings.limitNames(kafka37)).containsExactly("message.timestamp.after.max.ms",
                "message.timestamp.difference.max.ms");
        assertThat(TopicSettings.limitNames(Map.of())).as("settings unknown: the newer name").containsExactly(
                "message.timestamp.after.max.ms");
        assertThat(TopicSettings.defaultTopicConfig(TopicSettings.limitNames(KAFKA_3_5))).containsExactly(
                Map.entry("retention.ms", "-1"), Map.entry("message.timestamp.difference.max.ms", MAX));
        Map<String, String> both = TopicSettings.defaultTopicConfig(TopicSettings.limitNames(kafka37));
        assertThat(both).containsEntry("message.timestamp.after.max.ms", MAX)
                .containsEntry("message.timestamp.difference.max.ms", MAX);
        assertThat(TopicSettings.acceptedAheadMs(both)).isEqualTo(Long.MAX_VALUE);
        assertThat(TopicSettings.defaultTopicConfig()).containsExactly(
                Map.entry("retention.ms", "-1"), Map.entry("message.timestamp.after.max.ms", MAX));
    }

    @Test
    void howFarAheadATopicTakesTimestampsReadsWhicheverLimitTheBrokerHas() {
        assertThat(TopicSettings.acceptedAheadMs(KAFKA_4)).isEqualTo(3_600_000L);
        assertThat(TopicSettings.acceptedAheadMs(Map.of("message.timestamp.difference.max.ms", "86400000")))
                .isEqualTo(86_400_000L);
        assertThat(TopicSettings.acceptedAheadMs(KAFKA_3_5)).isEqualTo(Long.MAX_VALUE);
        assertThat(TopicSettings.acceptedAheadMs(Map.of("message.timestamp.difference.max.ms", "86400000",
                "message.timestamp.type", "LogAppendTime"))).as("the broker stamps records itself").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void onKafka36To39TheOlderLimitBindsWhileTheNewerIsAtItsDefault() {
        // those brokers list both; LogConfig takes message.timestamp.difference.max.ms while before/after are unlimited
        Map<String, String> upgraded = Map.of("message.timestamp.before.max.ms", MAX,
                "message.timestamp.after.max.ms", MAX, "message.timestamp.difference.max.ms", "86400000");
        assertThat(TopicSettings.binding(upgraded, true))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.difference.max.ms", 86_400_000L));
        assertThat(TopicSettings.binding(upgraded, false))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.difference.max.ms", 86_400_000L));
        assertThat(TopicSettings.acceptedAheadMs(upgraded)).isEqualTo(86_400_000L);
        // a newer limit set below its default is the one that binds
        Map<String, String> both = Map.of("message.timestamp.before.max.ms", MAX,
                "message.timestamp.after.max.ms", "3600000", "message.timestamp.difference.max.ms", "86400000");
        assertThat(TopicSettings.binding(both, true))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.after.max.ms", 3_600_000L));
        assertThat(TopicSettings.binding(both, false))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.difference.max.ms", 86_400_000L));
        // Kafka 4: no older limit
        assertThat(TopicSettings.binding(KAFKA_4, true))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.after.max.ms", 3_600_000L));
        assertThat(TopicSettings.binding(KAFKA_4, false))
                .isEqualTo(new TopicSettings.Limit("message.timestamp.before.max.ms", Long.MAX_VALUE));
    }

    @Test
    void givenTheOlderLimitAloneTheNewerOneIsLeftOut() {
        assertThat(TopicSettings.withGiven(Map.of("message.timestamp.difference.max.ms", "86400000"))).containsExactly(
                Map.entry("retention.ms", "-1"), Map.entry("message.timestamp.difference.max.ms", "86400000"));
        assertThat(TopicSettings.withGiven(Map.of("retention.ms", "604800000"))).containsExactly(
                Map.entry("retention.ms", "604800000"), Map.entry("message.timestamp.after.max.ms", MAX));
        assertThat(TopicSettings.withGiven(Map.of("message.timestamp.difference.max.ms", "1",
                "message.timestamp.after.max.ms", "2"))).containsEntry("message.timestamp.after.max.ms", "2")
                .containsEntry("message.timestamp.difference.max.ms", "1");
    }

    @Test
    void anUnlimitedSettingTheBrokerDoesNotKnowIsAskedForUnderItsOlderName() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("retention.ms", "-1");
        config.put("message.timestamp.after.max.ms", MAX);
        Map<String, String> olderNames = Map.of("message.timestamp.after.max.ms", "message.timestamp.difference.max.ms");

        // the refusal of a Kafka 3.5 broker (LogConfig.validateNames), as the admin client reports it
        assertThat(TopicSettings.underOlderName("Unknown topic config name: message.timestamp.after.max.ms", config,
                olderNames)).hasValueSatisfying(older -> assertThat(older).containsExactly(
                        Map.entry("retention.ms", "-1"), Map.entry("message.timestamp.difference.max.ms", MAX)));

        // a limit someone asked for would apply to the past too under the older name: refused as the broker said
        assertThat(TopicSettings.underOlderName("Unknown topic config name: message.timestamp.after.max.ms",
                Map.of("message.timestamp.after.max.ms", "3600000"), olderNames)).isEmpty();
        // other refusals stand
        assertThat(TopicSettings.underOlderName("Unknown topic config name: retention.forever", config, olderNames))
                .isEmpty();
        assertThat(TopicSettings.underOlderName("Invalid value -2 for configuration retention.ms", config, olderNames))
                .isEmpty();
        assertThat(TopicSettings.underOlderName(null, config, olderNames)).isEmpty();
        // both names given: the older one is not overwritten
        Map<String, String> both = new LinkedHashMap<>(config);
        both.put("message.timestamp.difference.max.ms", "1000");
        assertThat(TopicSettings.underOlderName("Unknown topic config name: message.timestamp.after.max.ms", both,
                olderNames)).isEmpty();
    }

    /** Kafka's cleanup.policy is a list: compaction with or without deletion keeps one record per key. */
    @Test
    void aTopicIsCompactedWhenItsCleanupPolicyNamesCompact() {
        assertThat(TopicSettings.compacts(Map.of("cleanup.policy", "compact"))).isTrue();
        assertThat(TopicSettings.compacts(Map.of("cleanup.policy", "delete, compact"))).isTrue();
        assertThat(TopicSettings.compacts(Map.of("cleanup.policy", "Compact,delete"))).isTrue();
        assertThat(TopicSettings.compacts(Map.of("cleanup.policy", "delete"))).isFalse();
        assertThat(TopicSettings.compacts(Map.of("cleanup.policy", ""))).isFalse();
        assertThat(TopicSettings.compacts(KAFKA_4)).as("not set: the broker's default, delete").isFalse();
    }
}
