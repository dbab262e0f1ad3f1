package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.schedule.ClockMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/**
 * The command line mapped onto a {@link ReplayConfig} without starting a replay, as Kafka's examples test
 * {@code streamsConfig(args)}: the defaults are the config's own, every option lands in its component, bad values are
 * refused with the option's name.
 */
class ReplayerCliTest {

    private static ReplayConfig parse(String... args) {
        ReplayerCli cli = new ReplayerCli();
        ReplayerCli.commandLine(cli).parseArgs(args);
        return cli.config();
    }

    @Test
    void aDryRunPrintsItsSummaryAtOnceUnlessASpeedIsGiven() {
        assertThat(parse("--dry-run").speed()).isInfinite();
        assertThat(parse("--dry-run", "--speed", "1").speed()).isEqualTo(1.0);
        assertThat(parse("--dry-run", "--speed", "10").speed()).isEqualTo(10.0);
    }

    @Test
    void aRealReplayRunsAtRealTimeByDefault() {
        assertThat(parse().speed()).isEqualTo(1.0);
        assertThat(parse("--speed", "max").speed()).isInfinite();
    }

    /** A fixed 1 left the inputs unreplicated on a real cluster; -1 is its default.replication.factor. */
    @Test
    void topicsTakeTheClustersDefaultReplicationUnlessTold() {
        assertThat(parse().replicationFactor()).isEqualTo((short) -1);
        assertThat(parse("--replication-factor", "3").replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void withoutOptionsTheConfigIsTheConfigsOwnDefaults() {
        assertThat(parse()).isEqualTo(ReplayConfig.defaults(Path.of("data/bdd"), null,
                Topics.withPrefix(Topics.DEFAULT_PREFIX)));
    }

    /**
     * No --bootstrap-servers: null, so that a --config file's bootstrap.servers is taken (as the app takes it) and
     * one that differs from a given --bootstrap-servers can be told apart from the default (ReplayTargets.bootstrap).
     */
    @Test
    void theServersAreLeftOpenUnlessGiven() {
        assertThat(parse("--config", "replayer.properties").bootstrapServers()).isNull();
        assertThat(parse("--bootstrap-servers", "localhost:9092").bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void everyOptionLandsInItsComponent() {
        ReplayConfig config = parse("--bootstrap-servers", "broker:9093", "--data", "/data/fleet", "--topic-prefix", "DoeJane",
                "--speed", "2.5", "--clock", "PARTITION", "--epoch", "2017-08-28T00:00:00Z", "--passes", "3",
                "--loop-gap", "1.5", "--fleet", "7", "--partitions", "6", "--replication-factor", "3",
                "--topic-config", "retention.ms=1000", "--topic-config", "segment.bytes=2000000",
                "--producer-config", "producer.properties", "--progress-interval", "0.5", "--connect-timeout", "4",
                "--resume", "--close", "--event-time-field", "--no-fixes-before");

        assertThat(config).isEqualTo(new ReplayConfig(Path.of("/data/fleet"), "broker:9093", Topics.withPrefix("DoeJane"),
                2.5, ClockMode.PARTITION, Instant.parse("2017-08-28T00:00:00Z"), 3, 1_500, 7, 6, (short) 3,
                Map.of("retention.ms", "1000", "segment.bytes", "2000000"), Path.of("producer.properties"), null, false,
                Duration.ofMillis(500), Duration.ofSeconds(4), null, true, true, true, false));
    }

    @Test
    void fixesBeforeHeadersOnlyForAPacedReplayOnTheOffsetClock() {
        assertThat(parse().writesFixesBefore()).isTrue();
        assertThat(parse("--speed", "20").writesFixesBefore()).isTrue();
        assertThat(parse("--no-fixes-before").writesFixesBefore()).isFalse();
        assertThat(parse("--speed", "max").writesFixesBefore()).as("a catch-up reader knows its next records").isFalse();
        assertThat(parse("--clock", "PARTITION").writesFixesBefore()).as("out of event-time order at its ticks")
                .isFalse();
    }

    @Test
    void theEmbeddedBrokerAndADryRunAreSwitches() {
        assertThat(parse("--embedded-broker").embeddedBrokerPort()).isEqualTo(9092);
        assertThat(parse("--embedded-broker", "19092").embeddedBrokerPort()).isEqualTo(19092);
        assertThat(parse().embeddedBrokerPort()).isNull();
        assertThat(parse("--dry-run").dryRun()).isTrue();
    }

    @Test
    void loopingIsZeroPassesUnlessPassesAreGiven() {
        assertThat(parse("--loop").passes()).isZero();
        assertThat(parse("--loop", "--passes", "2").passes()).isEqualTo(2);
        assertThat(parse().passes()).isEqualTo(1);
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertThat(parse("--replication-factor", "-1").replicationFactor()).as("the cluster's default").isEqualTo((short) -1);
        assertThatThrownBy(() -> parse("--replication-factor", "0")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--replication-factor must be >= 1, or -1 for the cluster's default");
        assertThatThrownBy(() -> parse("--replication-factor", "-2")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--replication-factor");
        assertThatThrownBy(() -> parse("--speed", "0")).isInstanceOf(ParameterException.class)
                .hasMessage("--speed must be a number > 0 or 'max', was '0'");
        assertThatThrownBy(() -> parse("--passes", "0")).isInstanceOf(ParameterException.class)
                .hasMessage("--passes must be >= 1, was 0");
        assertThatThrownBy(() -> parse("--fleet", "0")).isInstanceOf(ParameterException.class)
                .hasMessage("--fleet must be 1..100000 (each clone of a ride keeps its ids in memory), was 0");
        assertThatThrownBy(() -> parse("--fleet", "100001")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--fleet must be 1..100000");
        assertThatThrownBy(() -> parse("--embedded-broker", "70000")).isInstanceOf(ParameterException.class)
                .hasMessage("--embedded-broker PORT must be 0 (any free port) to 65535, was 70000");
        assertThatThrownBy(() -> parse("--progress-interval", "0.0001")).isInstanceOf(ParameterException.class)
                .hasMessage("--progress-interval must be 0 (off) or from 0.001 to 315576000 seconds (ten years), was"
                        + " 1.0E-4");
        assertThatThrownBy(() -> parse("--loop-gap", "0")).isInstanceOf(ParameterException.class)
                .hasMessage("--loop-gap must be at least 0.001 (1 ms, event time's unit) and at most 315576000"
                        + " seconds (ten years), was 0.0");
        assertThatThrownBy(() -> parse("--loop-gap", "Infinity")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--loop-gap must be at least 0.001");
        assertThatThrownBy(() -> parse("--speed", "1e-12")).isInstanceOf(ParameterException.class)
                .hasMessage("--speed must be at least 0.001 (or 'max'), was 1e-12");
        assertThatThrownBy(() -> parse("--epoch", "1969-12-31T23:59:00Z")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--epoch must be from 1970-01-01T00:00:00Z");
        assertThatThrownBy(() -> parse("--epoch", "+1000000000-01-01T00:00:00Z")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--epoch must be from 1970-01-01T00:00:00Z");
        assertThatThrownBy(() -> parse("--dry-run", "--loop")).isInstanceOf(ParameterException.class)
                .hasMessage("--dry-run with --loop and no --passes would never end");
        assertThatThrownBy(() -> parse("--dry-run", "--embedded-broker")).isInstanceOf(ParameterException.class)
                .hasMessage("--dry-run needs no broker; --embedded-broker would start one for nothing");
        assertThatThrownBy(() -> parse("--embedded-broker", "--bootstrap-servers", "b:1"))
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--embedded-broker and --bootstrap-servers");
        assertThatThrownBy(() -> parse("--topic-prefix", "a b")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("--topic-prefix: ");
    }

    @Test
    void resumeNeedsTheInterruptedRunsEpochAndTopics() {
        assertThatThrownBy(() -> parse("--resume")).isInstanceOf(ParameterException.class)
                .hasMessage("--resume needs the interrupted run's --epoch (the default, now, differs on every run)");
        assertThatThrownBy(() -> parse("--resume", "--epoch", "2017-08-28T00:00:00Z", "--dry-run"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--resume reads what the topics hold; a --dry-run has no topics");
        assertThat(parse("--epoch", "2017-08-28T00:00:00Z").resume()).isFalse();
    }

    /** The embedded broker starts with a fresh log every time: a resume there published the whole replay again. */
    @Test
    void resumeIsRefusedWithTheEmbeddedBrokerWhoseTopicsStartEmpty() {
        assertThatThrownBy(() -> parse("--resume", "--epoch", "2017-08-28T00:00:00Z", "--embedded-broker"))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--resume continues a replay in the topics that hold it; the --embedded-broker starts with"
                        + " a fresh log on every run: its topics hold nothing to resume");
        assertThatThrownBy(() -> parse("--resume", "--epoch", "2017-08-28T00:00:00Z", "--embedded-broker", "19092"))
                .isInstanceOf(ParameterException.class).hasMessageStartingWith("--resume continues a replay");
    }

    /** 0.0004 s passed the "> 0" check, became 0 ms, and the schedule then made it 1 ms without a word. */
    @Test
    void aLoopGapUnderOneMillisecondIsRefused() {
        assertThatThrownBy(() -> parse("--loop", "--loop-gap", "0.0004")).isInstanceOf(ParameterException.class)
                .hasMessage("--loop-gap must be at least 0.001 (1 ms, event time's unit) and at most 315576000 seconds"
                        + " (ten years), was 4.0E-4");
        assertThat(parse("--loop", "--loop-gap", "0.001").gapMillis()).isEqualTo(1);
    }

    /** Infinity and 1e300 were taken, as a period of Long.MAX_VALUE ms: a "never" beside 0, the documented off. */
    @Test
    void aProgressIntervalBeyondTenYearsIsRefusedAsZeroTurnsItOff() {
        for (String never : new String[] {"Infinity", "1e300", "315576001"}) {
            assertThatThrownBy(() -> parse("--progress-interval", never)).as(never)
                    .isInstanceOf(ParameterException.class)
                    .hasMessageStartingWith("--progress-interval must be 0 (off) or from 0.001 to 315576000 seconds");
        }
        assertThat(parse("--progress-interval", "0").progressInterval()).isZero();
        assertThat(parse("--progress-interval", "315576000").progressInterval())
                .isEqualTo(Duration.ofDays(3_652).plusHours(12));
    }

    @Test
    void secureNeedsTheEmbeddedBrokerItSecures() {
        assertThatThrownBy(() -> parse("--secure", "target/secure")).isInstanceOf(ParameterException.class)
                .hasMessage("--secure secures the --embedded-broker; add it");
        assertThat(parse("--embedded-broker", "--secure", "target/secure").secureDir())
                .isEqualTo(Path.of("target/secure"));
        assertThat(parse("--config", "client.properties").producerConfig())
                .isEqualTo(parse("--producer-config", "client.properties").producerConfig());
    }
}
