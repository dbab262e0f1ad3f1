package org.fleetstreams.replay.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fleetstreams.replay.kafka.TimestampCheck.Finding;
import org.fleetstreams.replay.kafka.TimestampCheck.Timing;
import org.junit.jupiter.api.Test;

/**
 * The three topic settings that decide whether a replay's records are kept and accepted, each judged from the
 * replay's timing alone. The figures come from the settings' meaning: a record is refused when its timestamp is
 * more than {@code message.timestamp.after.max.ms} ahead of the broker's clock, deleted once older than
 * {@code retention.ms}; a replay at speed s moves event time ahead of the wall clock by (s - 1) ms per wall ms.
 */
class TimestampCheckTest {

    private static final long NOW = Instant.parse("2026-12-04T12:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long RIDE = 121_400; // the BDD sample's span of event time, t=000.0 .. t=121.4

    private static final Map<String, String> KAFKA_4_DEFAULTS = Map.of("retention.ms", "604800000",
            "message.timestamp.type", "CreateTime", "message.timestamp.after.max.ms", String.valueOf(HOUR),
            "message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));

    private static List<Finding> check(Map<String, String> config, Timing timing) {
        return TimestampCheck.check("t-locations", config, timing, false);
    }

    @Test
    void aReplayStartingNowAtTenTimesFitsTheDefaults() {
        // 121.4 s of event time in 12.14 s of wall time: at most 109 s ahead, far below one hour
        assertThat(check(KAFKA_4_DEFAULTS, new Timing(NOW, NOW + RIDE, 10, NOW))).isEmpty();
    }

    @Test
    void eventTimesTheAppWouldTakeForAUnitMistakeAreWarnedAbout() {
        long in2017 = Instant.parse("2017-08-28T00:00:00Z").toEpochMilli();
        long lastOf2099 = Instant.parse("2099-12-31T23:59:00Z").toEpochMilli();

        assertThat(TimestampCheck.checkRange(new Timing(0, RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.error()).isFalse());
        assertThat(TimestampCheck.checkRange(new Timing(lastOf2099, lastOf2099 + RIDE, 1, NOW))).hasSize(1);
        assertThat(TimestampCheck.checkRange(new Timing(in2017, in2017 + RIDE, 1, NOW))).isEmpty();
        assertThat(TimestampCheck.checkRange(new Timing(NOW, Long.MAX_VALUE, 10, NOW))).isEmpty();
    }

    @Test
    void eventTimesOlderThanTheRetentionAreWarnedAbout() {
        long in2017 = Instant.parse("2017-07-01T00:00:00Z").toEpochMilli();

        List<Finding> findings = check(KAFKA_4_DEFAULTS, new Timing(in2017, in2017 + RIDE, 1, NOW));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.message()).contains("retention.ms=604800000", "7 days", "--add-config retention.ms=-1");
        });
        assertThat(check(Map.of("retention.ms", "-1"), new Timing(in2017, in2017 + RIDE, 1, NOW))).isEmpty();
    }

    /** Records are keyed by ride_id: compaction would leave one reading per ride, silently. */
    @Test
    void aCompactedTopicStopsTheReplayAndSaysHowToFixIt() {
        for (String policy : List.of("compact", "compact,delete")) {
            Map<String, String> config = Map.of("retention.ms", "-1", "cleanup.policy", policy);

            assertThat(check(config, new Timing(NOW, NOW + RIDE, 1, NOW))).as(policy).singleElement().satisfies(f -> {
                assertThat(f.error()).isTrue();
                assertThat(f.message()).contains("topic t-locations has cleanup.policy=" + policy,
                        "one reading per ride", "--entity-name t-locations --add-config cleanup.policy=delete");
            });
        }
        assertThat(check(Map.of("retention.ms", "-1", "cleanup.policy", "delete"), new Timing(NOW, NOW + RIDE, 1, NOW)))
                .isEmpty();
    }

    @Test
    void eventTimesOlderThanTheTopicAcceptsStopTheReplay() {
        Map<String, String> config = Map.of("retention.ms", "-1", "message.timestamp.before.max.ms",
                String.valueOf(Duration.ofDays(1).toMillis()));
        long twoDaysAgo = NOW - Duration.ofDays(2).toMillis();

        assertThat(check(config, new Timing(twoDaysAgo, twoDaysAgo + RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.error()).isTrue())
                .satisfies(f -> assertThat(f.message()).contains("message.timestamp.before.max.ms=86400000"));
        assertThat(check(config, new Timing(NOW - HOUR, NOW - HOUR + RIDE, 1, NOW))).isEmpty();
    }

    /**
     * Below 1x event time falls behind the wall clock by (1 - speed) ms per wall ms: 121.4 s of data at 0.5x take
     * 242.8 s, so its last record is due 121.4 s behind, past a one-minute limit, though its first is not.
     */
    @Test
    void aSlowFiniteReplayWhoseLastRecordsFallTooFarBehindStopsBeforePublishing() {
        Map<String, String> config = Map.of("retention.ms", "-1", "message.timestamp.before.max.ms", "60000");

        assertThat(check(config, new Timing(NOW, NOW + RIDE, 0.5, NOW))).singleElement().satisfies(f -> {
            assertThat(f.error()).isTrue();
            assertThat(f.message()).contains("message.timestamp.before.max.ms=60000", "--speed 0.5",
                    "is due 2 minutes behind the wall clock"); // 121.4 s, in whole minutes
        });
        assertThat(check(config, new Timing(NOW, NOW + RIDE, 1, NOW))).as("at 1x it keeps pace").isEmpty();
        assertThat(check(config, new Timing(NOW, NOW + RIDE, 0.8, NOW))).as("30.35 s behind at its end").isEmpty();
    }

    /** A slow loop falls behind without end: a warning with when, as for a fast loop ahead. */
    @Test
    void aLoopSlowerThanRealTimeIsWarnedWithWhenItWillFail() {
        Map<String, String> config = Map.of("retention.ms", "-1", "message.timestamp.before.max.ms",
                String.valueOf(HOUR));

        // 0.5 ms behind per wall ms: one hour behind after two hours
        assertThat(check(config, new Timing(NOW, Long.MAX_VALUE, 0.5, NOW))).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.message()).contains("falls that far behind after about 2 hours");
        });
        assertThat(check(config, new Timing(NOW, Long.MAX_VALUE, 1, NOW))).isEmpty();
    }

    @Test
    void aFiniteReplayThatEndsTooFarAheadStopsBeforePublishing() {
        // 2 h of event time at 1000x ends 2 h - 7.2 s ahead of the wall clock: past the one-hour limit
        long twoHours = 2 * HOUR;

        List<Finding> findings = check(KAFKA_4_DEFAULTS, new Timing(NOW, NOW + twoHours, 1000, NOW));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.error()).isTrue();
            assertThat(f.message()).contains("message.timestamp.after.max.ms=3600000", "--speed");
        });
        // at 2x the same replay ends 1 h ahead, to the millisecond: still accepted
        assertThat(check(KAFKA_4_DEFAULTS, new Timing(NOW, NOW + twoHours, 2, NOW))).isEmpty();
    }

    @Test
    void aReplayThatStartsTooFarAheadIsAnErrorEvenWhenItLoops() {
        long epochInTwoHours = NOW + 2 * HOUR;

        for (double speed : new double[] {0.5, 1, 10}) {
            assertThat(check(KAFKA_4_DEFAULTS, new Timing(epochInTwoHours, Long.MAX_VALUE, speed, NOW)))
                    .as("looping at %s", speed).singleElement().satisfies(f -> assertThat(f.error()).isTrue());
        }
    }

    @Test
    void aLoopFasterThanRealTimeIsWarnedWithWhenItWillFail() {
        // at 10x event time gains 9 ms per wall ms: one hour ahead after 400 s, printed as whole minutes
        List<Finding> findings = check(KAFKA_4_DEFAULTS, new Timing(NOW, Long.MAX_VALUE, 10, NOW));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.message()).contains("after about 6 minutes", "message.timestamp.after.max.ms=9223372036854775807");
        });
        assertThat(check(KAFKA_4_DEFAULTS, new Timing(NOW, Long.MAX_VALUE, 1, NOW))).isEmpty();
        assertThat(check(KAFKA_4_DEFAULTS, new Timing(NOW, Long.MAX_VALUE, 0.5, NOW))).isEmpty();
    }

    @Test
    void onABrokerBeforeKafka36OneLimitBindsBothDirections() {
        // a topic of a 3.5 broker lists message.timestamp.difference.max.ms and neither newer limit
        Map<String, String> kafka35 = Map.of("retention.ms", "-1", "message.timestamp.type", "CreateTime",
                "message.timestamp.difference.max.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        long twoDaysAgo = NOW - Duration.ofDays(2).toMillis();

        assertThat(check(kafka35, new Timing(twoDaysAgo, twoDaysAgo + RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.error()).isTrue())
                .satisfies(f -> assertThat(f.message()).contains("message.timestamp.difference.max.ms=86400000",
                        "in the past"));
        long inTwoDays = NOW + Duration.ofDays(2).toMillis();
        assertThat(check(kafka35, new Timing(inTwoDays, inTwoDays + RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.error()).isTrue())
                .satisfies(f -> assertThat(f.message()).contains("message.timestamp.difference.max.ms=86400000",
                        "in the future"));
        assertThat(check(kafka35, new Timing(NOW, NOW + RIDE, 10, NOW))).isEmpty();
        // Kafka 3.6 to 3.9 list both and go by the older one while the newer ones are at their defaults: a topic
        // created on 3.5 with a limit keeps it after an upgrade
        Map<String, String> upgraded = Map.of("retention.ms", "-1", "message.timestamp.before.max.ms",
                String.valueOf(Long.MAX_VALUE), "message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE),
                "message.timestamp.difference.max.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        assertThat(check(upgraded, new Timing(twoDaysAgo, twoDaysAgo + RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("message.timestamp.difference.max.ms=86400000"));
        assertThat(check(upgraded, new Timing(inTwoDays, inTwoDays + RIDE, 1, NOW))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("message.timestamp.difference.max.ms=86400000"));
        // its default is unlimited
        assertThat(check(Map.of("retention.ms", "-1", "message.timestamp.difference.max.ms",
                String.valueOf(Long.MAX_VALUE)), new Timing(twoDaysAgo, inTwoDays, 1000, NOW))).isEmpty();
    }

    @Test
    void aLogAppendTimeTopicTakesAnyTimestampButLosesEventTime() {
        Map<String, String> config = Map.of("message.timestamp.type", "LogAppendTime",
                "message.timestamp.after.max.ms", "1000", "message.timestamp.before.max.ms", "1000");

        Timing timing = new Timing(NOW + 2 * HOUR, Long.MAX_VALUE, 10, NOW);

        // by default the record timestamp is the records' only event time: an error
        assertThat(check(config, timing)).singleElement().satisfies(f -> {
            assertThat(f.error()).isTrue();
            assertThat(f.message()).contains("LogAppendTime").contains("--event-time-field");
        });
        // with --event-time-field the value keeps it: a warning
        assertThat(TimestampCheck.check("t-locations", config, timing, true)).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.message()).contains("LogAppendTime").contains("event_time field");
        });
    }

    @Test
    void settingsThatAreMissingOrUnreadableAreTheBrokersUnlimitedDefaults() {
        Map<String, String> junk = Map.of("retention.ms", "forever", "message.timestamp.after.max.ms", " ",
                "message.timestamp.before.max.ms", "soon");

        assertThat(check(junk, new Timing(0, Long.MAX_VALUE, 100, NOW))).isEmpty();
        assertThat(check(Map.of(), new Timing(0, Long.MAX_VALUE, 100, NOW))).isEmpty();
    }
}
