package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.pipeline.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling by partition and recovery, on the real broker, each checked against the TopologyTestDriver's outputs for
 * the same input: every joined pair, window summary and alert, once (exactly-once; read_committed).
 */
class AppScalingTest {

    /** A dead instance's tasks move after its session times out: 6 s (the broker's minimum) instead of 45 s. */
    private static final Map<String, String> FAST_FAILOVER = Map.of("consumer.session.timeout.ms", "6000",
            "consumer.heartbeat.interval.ms", "1500");

    @TempDir
    Path state;

    @Test
    void twoInstancesShareThePartitionsAndTheSurvivorFinishesAfterTheOtherIsKilled() throws Exception {
        // configure + create topics: instance A in this JVM, instance B a separate java process (the app's own main)
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("scale", "scale-app", state.resolve("a"))) {
            String bootstrap = pipeline.bootstrapServers();
            AppConfig a = pipeline.appConfig().withOverrides(FAST_FAILOVER);
            Path settings = state.resolve("b.properties");
            Files.write(settings, FAST_FAILOVER.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            Path bLog = state.resolve("b.log");
            Process b = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), FleetApp.class.getName(), "--bootstrap-servers", bootstrap,
                    "--topic-prefix", "scale", "--application-id", "scale-app", "--state-dir", state.resolve("b").toString(),
                    "--config", settings.toString())
                    .redirectErrorStream(true).redirectOutput(bLog.toFile()).start();
            try (StreamsRunner app = pipeline.startApp(a)) {
                KafkaStreams streams = app.streams();

                // both get tasks: A runs some of the 4, B the rest
                List<String> aTasks = awaitTasks(streams, t -> !t.isEmpty() && t.size() < 4, "A to share the 4 tasks with B");
                awaitLog(bLog, "Active tasks: [0_");

                // pipe input (paced at 5x, about 24 s, so that a slow first commit still finds it running), and kill B
                // with SIGKILL once it has committed, at least 3 s in
                long replayStart = System.nanoTime();
                CompletableFuture<?> replay = CompletableFuture.supplyAsync(() -> pipeline.replay(RealBrokerRun.realData(5)));
                // B has committed some of its own partitions' input (so it dies with work done and work in flight)
                List<Integer> bPartitions = IntStream.range(0, 4)
                        .filter(p -> aTasks.stream().noneMatch(t -> t.endsWith("_" + p))).boxed().toList();
                await("B to commit input on its partitions " + bPartitions).atMost(Duration.ofSeconds(60))
                        .until(() -> committed(a, bPartitions::contains) > 0);
                Thread.sleep(Math.max(0, 3_000 - (System.nanoTime() - replayStart) / 1_000_000));
                assertThat(replay).as("still replaying when B dies").isNotDone();
                b.destroyForcibly().waitFor();
                replay.join();
                RealBrokerRun.closeAllWindows(pipeline);

                // A takes over B's tasks and finishes the work
                awaitTasks(streams, t -> t.size() == 4, "A to take over all 4 tasks");
                RealBrokerRun.Outputs real = RealBrokerRun.awaitOutputs(pipeline);
                app.close();

                // verify: complete, no duplicates
                RealBrokerRun.Outputs driver = RealBrokerRun.driverOutputs(state.resolve("driver"));
                assertThat(aTasks).as("A's tasks before the kill").hasSizeBetween(1, 3);
                assertThat(real.joined()).hasSize(28_601).containsExactlyInAnyOrderElementsOf(driver.joined());
                assertThat(real.summaries()).hasSize(152).containsExactlyInAnyOrderElementsOf(driver.summaries());
                assertThat(real.alerts()).containsExactlyInAnyOrderElementsOf(driver.alerts());
                assertThat(real.deadLetters()).isZero();
            } finally {
                b.destroyForcibly();
            }
        }
    }

    @Test
    void aRestartResumesFromCommittedOffsetsAndRestoredStateAndEndsAsAnUninterruptedRun() throws Exception {
        // configure + create topics
        try (LocalPipeline pipeline = RealBrokerRun.pipeline("restart", "restart-app", state.resolve("app"))) {
            // the second run takes over at once, not after the first run's 45 s session (close does not leave the group)
            AppConfig config = pipeline.appConfig().withOverrides(FAST_FAILOVER);

            // pipe input (paced: 24 s at 5x) once the app runs (its start may take longer than that on a loaded
            // machine), and stop the app halfway, once it has committed something
            CompletableFuture<?> replay;
            try (StreamsRunner first = pipeline.startApp(config)) {
                assertThat(first.awaitRunning(Duration.ofSeconds(60))).as("the first run RUNNING").isTrue();
                replay = CompletableFuture.supplyAsync(() -> pipeline.replay(RealBrokerRun.realData(5)));
                await("input offsets committed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> committed(config) > 0);
                assertThat(replay).as("still replaying when the app stops").isNotDone();
            }
            long committedWhenStopped = committed(config);

            // start again on the same state directory
            replay.join();
            RealBrokerRun.closeAllWindows(pipeline);
            RealBrokerRun.Outputs real;
            try (StreamsRunner second = pipeline.startApp(config)) {
                real = RealBrokerRun.awaitOutputs(pipeline);
            }

            // verify: the first run had committed progress, and the outputs equal an uninterrupted run's
            assertThat(committedWhenStopped).as("input offsets committed by the first run").isPositive();
            assertThat(Files.list(state.resolve("app").resolve("restart-app"))).as("local state kept").isNotEmpty();
            RealBrokerRun.Outputs driver = RealBrokerRun.driverOutputs(state.resolve("driver"));
            assertThat(real.joined()).hasSize(28_601).containsExactlyInAnyOrderElementsOf(driver.joined());
            assertThat(real.summaries()).hasSize(152).containsExactlyInAnyOrderElementsOf(driver.summaries());
            assertThat(real.alerts()).containsExactlyInAnyOrderElementsOf(driver.alerts());
        }
    }

    /** The active tasks of {@code streams} once it is RUNNING with tasks that are {@code done}, up to 90 s. */
    private static List<String> awaitTasks(KafkaStreams streams, Predicate<List<String>> done, String what) {
        AtomicReference<List<String>> tasks = new AtomicReference<>();
        await(what).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            tasks.set(StreamsRunner.activeTasks(streams));
            assertThat(done.test(tasks.get())).as("active tasks %s", tasks.get()).isTrue();
        });
        return tasks.get();
    }

    private static void awaitLog(Path log, String text) {
        await("'" + text + "' in " + log).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readString(log)).contains(text));
    }

    /**
     * The sum of the app's committed offsets on its input partitions: above 0 once it has committed any input. Read in
     * one answer from the group: end offsets minus lag, each listed separately, overstated it while the replay wrote
     * between the two listings, and the first run was stopped before its first commit.
     */
    private static long committed(AppConfig config) {
        return committed(config, partition -> true);
    }

    /** The same, on these input partitions only. */
    private static long committed(AppConfig config, IntPredicate partitions) {
        try (var admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            return admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> config.topics().inputs().contains(e.getKey().topic()) && e.getValue() != null)
                    .filter(e -> partitions.test(e.getKey().partition()))
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
