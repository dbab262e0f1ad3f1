package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad producer setting in {@code --config} is bad input, named, before any broker is asked anything: the broker
 * here does not exist, so a check that came after connecting would end in "cannot reach Kafka" (exit 3) instead, and
 * one that came from the producer itself would come after the topics were created.
 */
class ProducerSettingsCheckTest {

    @TempDir
    Path dir;

    private int run(String settings, StringWriter err) throws IOException {
        Path file = Files.writeString(dir.resolve("producer.properties"), settings);
        ReplayConfig config = ReplayConfig.defaults(TestData.bdd(), "localhost:9", Topics.withPrefix("cfg"))
                .withSpeed(Double.POSITIVE_INFINITY).withProducerConfig(file).withProgressInterval(Duration.ZERO)
                .withConnectTimeout(Duration.ofSeconds(1));
        return new ReplayJob(config, new PrintWriter(new StringWriter()), new PrintWriter(err), WallClock.SYSTEM).run();
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("linger.ms=soon\n", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).contains("error: --config: Invalid value soon for configuration linger.ms");
    }

    @Test
    void settingsThatContradictTheIdempotentDefaultsAreNamed() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("acks=1\n", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).contains("error: --config: ").contains("acks");
    }

    @Test
    void goodSettingsPassTheCheckAndMeetTheMissingBroker() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("linger.ms=20\ncompression.type=lz4\n", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.KAFKA_PROBLEM);
    }
}
