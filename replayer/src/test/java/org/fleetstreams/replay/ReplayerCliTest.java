package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Options that change what a run does without starting one. */
class ReplayerCliTest {

    private static ReplayJob.Config parse(String... args) {
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

    @Test
    void secureNeedsTheEmbeddedBrokerItSecures() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--secure", "target/secure"))
                .isInstanceOf(picocli.CommandLine.ParameterException.class)
                .hasMessage("--secure secures the --embedded-broker; add it");
        assertThat(parse("--embedded-broker", "--secure", "target/secure").secureDir())
                .isEqualTo(java.nio.file.Path.of("target/secure"));
        assertThat(parse("--config", "client.properties").producerConfig())
                .isEqualTo(parse("--producer-config", "client.properties").producerConfig());
    }
}
