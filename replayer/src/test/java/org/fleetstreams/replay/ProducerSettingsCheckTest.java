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
        return run(settings, "localhost:9", err);
    }

    /** @param servers {@code --bootstrap-servers}; null: not given */
    private int run(String settings, String servers, StringWriter err) throws IOException {
        return run(settings, ReplayConfig.defaults(TestData.bdd(), servers, Topics.withPrefix("cfg")), err);
    }

    private int run(String settings, ReplayConfig base, StringWriter err) throws IOException {
        Path file = Files.writeString(dir.resolve("producer.properties"), settings);
        ReplayConfig config = base.withSpeed(Double.POSITIVE_INFINITY).withProducerConfig(file)
                .withProgressInterval(Duration.ZERO).withConnectTimeout(Duration.ofSeconds(1));
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

    /**
     * Kafka takes a transactional.id, but the first send outside a transaction throws IllegalStateException: that was
     * exit 1 with a raw error, after the topics were created.
     */
    @Test
    void aTransactionalIdIsRefusedBeforeConnecting() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("transactional.id=replayer-1\n", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).contains("error: --config: transactional.id=replayer-1: ")
                .doesNotContain("cannot reach").doesNotContain("\tat ");
    }

    @Test
    void goodSettingsPassTheCheckAndMeetTheMissingBroker() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("linger.ms=20\ncompression.type=lz4\n", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.KAFKA_PROBLEM);
    }

    /**
     * The file's bootstrap.servers used to win silently over --bootstrap-servers, while the console and the ACL
     * check's grant command named the command line's: now two different ones are refused, naming both.
     */
    @Test
    void serversInTheFileThatDifferFromTheCommandLinesAreRefused() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("bootstrap.servers=broker:9093\n", "localhost:9", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).contains("error: --bootstrap-servers localhost:9 and bootstrap.servers=broker:9093"
                + " in --config ").contains("name different servers").doesNotContain("\tat ");
    }

    /** The documented {@code --bootstrap-servers broker:9093 --config replayer.properties} with both saying the same. */
    @Test
    void serversInTheFileThatAgreeWithTheCommandLinesAreUsed() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("bootstrap.servers= localhost:9 \n", "localhost:9", err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(err.toString()).contains("cannot reach Kafka at localhost:9 within 1 s");
    }

    /** No --bootstrap-servers: the file's, as the app takes it (a secure setup's client file names its broker). */
    @Test
    void withoutServersOnTheCommandLineTheFilesAreUsed() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("bootstrap.servers=localhost:9\n", (String) null, err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(err.toString()).contains("cannot reach Kafka at localhost:9 within 1 s");
    }

    /** With --embedded-broker the replay goes to the broker it starts: servers in the file are refused before. */
    @Test
    void serversInTheFileAreRefusedWithTheEmbeddedBroker() throws IOException {
        StringWriter err = new StringWriter();

        int code = run("bootstrap.servers=localhost:9\n",
                ReplayConfig.defaults(TestData.bdd(), null, Topics.withPrefix("cfg")).withEmbeddedBroker(0), err);

        assertThat(code).as(err.toString()).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(err.toString()).contains("sets bootstrap.servers=localhost:9, but --embedded-broker replays into"
                + " the broker it starts").doesNotContain("Embedded Kafka broker running");
    }
}
