package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.fleetstreams.common.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM ends once its shutdown hooks have: the app's closes Kafka Streams and then waits for the main thread to say
 * it has printed its input accounting and closed its server, so that a Ctrl-C or SIGTERM ends with them.
 */
class ShutdownHookTest {

    @TempDir
    Path state;

    @Test
    void theHookClosesTheAppThenWaitsUntilWhatAStopPrintsIsDone() throws Exception {
        AppConfig config = AppConfig.defaults("localhost:1", Topics.withPrefix("t")).withApplicationId("hook-test")
                .withStateDir(state);
        try (StreamsRunner app = new StreamsRunner(FleetTopology.buildTopology(config), config,
                new PrintWriter(new StringWriter()))) {
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(app.shutdownHook(finished), "test-hook");

            hook.start();

            assertThat(app.awaitStopped()).as("the main thread's wait returns: Kafka Streams closed").isZero();
            hook.join(500);
            assertThat(hook.isAlive()).as("the hook, and so the JVM, waits while the main thread reports").isTrue();
            finished.countDown();
            hook.join(5_000);
            assertThat(hook.isAlive()).as("and ends once it has").isFalse();
        }
    }
}
