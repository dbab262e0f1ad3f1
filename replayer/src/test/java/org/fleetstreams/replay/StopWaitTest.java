package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long the shutdown hook waits for a stopped replay ({@link ReplayJob#stopWait}): as long as the producer's
 * settings let its last send, its flush and its close take, plus a margin. Before, a fixed 60 s: a Ctrl-C while the
 * producer waited on a slow broker (a send blocked up to max.block.ms, 60 s, then a flush up to delivery.timeout.ms,
 * 120 s) halted the JVM with the buffered records lost and no summary, though the docs said neither could happen.
 */
class StopWaitTest {

    @TempDir
    Path dir;

    private static Properties settings(String... keyValues) {
        Properties p = KafkaSink.defaults("localhost:9092");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void kafkasDefaultsAreWaitedForInFull() {
        Duration wait = ReplayJob.stopWait(settings("delivery.timeout.ms", "120000", "max.block.ms", "60000"));

        assertThat(wait).isGreaterThanOrEqualTo(Duration.ofMillis(120_000 + 60_000).plus(KafkaSink.CLOSE_TIMEOUT));
        assertThat(wait).isEqualTo(Duration.ofMinutes(4));
        assertThat(ReplayJob.stopWait(settings())).as("the same, as Kafka's defaults").isEqualTo(wait);
    }

    @Test
    void shorterProducerTimeoutsShortenTheWait() {
        Duration wait = ReplayJob.stopWait(settings("max.block.ms", "1000", "delivery.timeout.ms", "10000",
                "request.timeout.ms", "5000"));

        assertThat(wait).isEqualTo(Duration.ofMillis(1_000 + 10_000).plus(KafkaSink.CLOSE_TIMEOUT)
                .plus(ReplayJob.STOP_MARGIN));
    }

    /** Without a delivery.timeout.ms the producer raises it to linger.ms + request.timeout.ms when that is more. */
    @Test
    void aLongerRequestTimeoutStretchesDeliveryAsTheProducerDoes() {
        Duration wait = ReplayJob.stopWait(settings("request.timeout.ms", "300000"));

        assertThat(wait).isEqualTo(Duration.ofMillis(60_000 + 5 + 300_000).plus(KafkaSink.CLOSE_TIMEOUT)
                .plus(ReplayJob.STOP_MARGIN));
    }

    /** The job waits by the settings it uses: Kafka's defaults until it has read them, then its --config file's. */
    @Test
    void theConfigFilesTimeoutsAreTheOnesWaitedFor() throws IOException {
        Path file = Files.writeString(dir.resolve("producer.properties"),
                "max.block.ms=2000\ndelivery.timeout.ms=600000\n");
        ReplayConfig config = ReplayConfig.defaults(TestData.bdd(), "localhost:9", Topics.withPrefix("stop"))
                .withDryRun(true).withSpeed(Double.POSITIVE_INFINITY).withProgressInterval(Duration.ZERO)
                .withProducerConfig(file);
        StringWriter err = new StringWriter();
        ReplayJob job = new ReplayJob(config, new PrintWriter(new StringWriter()), new PrintWriter(err),
                WallClock.SYSTEM);
        Duration before = job.stopWait();

        assertThat(job.run()).as(err.toString()).isEqualTo(ReplayJob.OK);

        assertThat(before).isEqualTo(Duration.ofMinutes(4));
        assertThat(job.stopWait()).isEqualTo(Duration.ofMillis(2_000 + 600_000).plus(KafkaSink.CLOSE_TIMEOUT)
                .plus(ReplayJob.STOP_MARGIN));
    }
}
