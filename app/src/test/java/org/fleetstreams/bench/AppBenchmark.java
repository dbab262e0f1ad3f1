package org.fleetstreams.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.app.ScratchDir;
import org.fleetstreams.app.TestData;
import org.fleetstreams.common.Topics;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;
import org.fleetstreams.replay.ReplayJob;

/**
 * The app benchmark: prints figures, asserts nothing. Each step on its own {@link LocalPipeline} (one embedded broker
 * in this JVM, 4-partition topics, the app as shipped plus any {@code --set}):
 * <ol>
 *   <li>Fill: the replayer publishes the real data at max speed as {@code --fleet N} cars, then one closing record per
 *       partition.</li>
 *   <li>Throughput ({@link ThroughputRun}): Kafka's {@code ConsumerPerformance} (kafka-tools) reads both input topics
 *       end to end: the raw consumer figure. With {@code --reference}, a pass-through topology on the same topics: the
 *       framework's floor. Then one app instance (1 stream thread, exactly-once) processes the same topics from offset 0
 *       until its consumer group has committed everything; input records / seconds is its figure. Nothing else runs
 *       meanwhile, so the replayer does not compete for the 2 cores.</li>
 *   <li>Alert latency ({@link AlertLatency}), unless {@code --skip-latency}.</li>
 * </ol>
 * {@code --order-check} ({@link OrderCheck}) and {@code --latency-only} run only that step. The one command, its options
 * and the figures measured: docs/benchmarks.md ("App").
 */
public final class AppBenchmark {

    /** The fill's epoch, and its closing records an hour later (after every record of the data). */
    private static final Instant FILL_EPOCH = Instant.parse("2017-08-28T00:00:00Z");

    private AppBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        System.out.println("lz4 codec: " + nativeLz4());
        if (!options.settings().isEmpty()) {
            System.out.println("settings: " + options.settings());
        }
        if (options.orderCheck()) {
            recorded(options.jfr(), () -> {
                OrderCheck.run(options);
                return new double[0];
            });
            return;
        }
        if (!options.latencyOnly()) {
            throughput(options);
        }
        if (options.latencyOnly() || !options.skipLatency()) {
            AlertLatency.run(options);
        }
    }

    /**
     * Loads lz4-java's JNI codec, as {@code java -jar} gets it. lz4-java picks JNI on its own only when it was loaded
     * by the system class loader; under {@code exec:java} (a child class loader) every client here compressed with its
     * pure-Java codec instead, 12 % of the app's stream thread (JFR, --fleet 50), and the figures understated what the
     * jars do. Once the native codec is loaded, {@code LZ4Factory.fastestInstance()} returns it everywhere.
     */
    private static String nativeLz4() {
        try {
            Class<?> factory = Class.forName("net.jpountz.lz4.LZ4Factory");
            factory.getMethod("nativeInstance").invoke(null);
            return String.valueOf(factory.getMethod("fastestInstance").invoke(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "pure Java (JNI not available: " + e + ")";
        }
    }

    /** A pipeline on a fresh embedded broker: topics {@code prefix-...}, the app as {@code applicationId}. */
    static LocalPipeline pipeline(String prefix, String applicationId, BenchOptions options) throws IOException {
        Path state = ScratchDir.deletedAtExit("bench-state");
        return LocalPipeline.builder().topics(Topics.withPrefix(prefix)).partitions(options.partitions())
                .app(c -> c.withApplicationId(applicationId).withStateDir(state).withOverrides(options.settings())).start();
    }

    private static void throughput(BenchOptions options) throws Exception {
        int fleet = options.fleet();
        try (LocalPipeline pipeline = pipeline("bench", "bench-app", options)) {
            long fillStart = System.nanoTime();
            ReplayJob fill = pipeline.replay(Replay.of(TestData.bdd()).withFleet(fleet).withEpoch(FILL_EPOCH));
            // Finite topics end: after a task's last record of one input it waits for the other input before it takes
            // that input's last record alone. A live stream never ends, so each partition of both inputs gets one
            // closing record far in the future, and the clock stops when every real record is done (each input
            // partition's lag is down to its closing record).
            pipeline.closeWindows(FILL_EPOCH.plusSeconds(3_600).toEpochMilli());
            // what was published (the data as it is, rows skipped or not), not a count of the real data written down here
            long total = fill.progress().stats().acknowledged();
            System.out.printf("fill: %,d records (%s x fleet %d) in %.1f s%n", total, TestData.bdd(), fleet,
                    (System.nanoTime() - fillStart) / 1e9);

            double raw = ThroughputRun.consumerPerformance(pipeline.bootstrapServers(), pipeline.topics(), total);
            System.out.printf("kafka ConsumerPerformance, both input topics: %,.0f records/s%n", raw);

            for (int round = 1; round <= options.rounds(); round++) {
                String suffix = options.rounds() == 1 ? "" : "-r" + round;
                if (options.rounds() > 1) {
                    System.out.printf("round %d of %d%s%n", round, options.rounds(), round == 1 ? " (a cold JVM)" : "");
                }
                double passRate = 0;
                double passCpu = 0;
                if (options.reference()) {
                    AppConfig reference = pipeline.appConfig().withApplicationId("bench-passthrough" + suffix)
                            .withStateDir(ScratchDir.deletedAtExit("bench-state"));
                    pipeline.createTopics(List.of(ThroughputRun.PASS_THROUGH_OUT));
                    double[] pass = ThroughputRun.runUntilCaughtUp(pipeline, reference, ThroughputRun.passThrough(pipeline.topics()));
                    passRate = total / pass[0];
                    passCpu = pass[2];
                    System.out.printf("kafka streams pass-through (same inputs -> one output topic, bytes, 1 thread,"
                            + " exactly_once_v2, same settings): %,.0f records/s over %.1f s%n", total / pass[0], pass[0]);
                }

                AppConfig config = pipeline.appConfig().withApplicationId(pipeline.appConfig().applicationId() + suffix)
                        .withStateDir(ScratchDir.deletedAtExit("bench-app-state"));
                boolean last = round == options.rounds();
                double[] app = recorded(last ? options.jfr() : null,
                        () -> ThroughputRun.runUntilCaughtUp(pipeline, config, FleetTopology.buildTopology(config)));
                System.out.printf("app (1 instance, 1 thread, exactly_once_v2): %,.0f input records/s over %.1f s from RUNNING"
                                + " (%.1f s including start-up) = %.0f %% of ConsumerPerformance%n",
                        total / app[0], app[0], app[1], 100 * total / app[0] / raw);
                if (passRate > 0) {
                    System.out.printf("app / pass-through, same run: %.0f %% (target >= 50 %%)%n", 100 * total / app[0] / passRate);
                }
                // The same comparison in CPU per record, which a busy machine disturbs much less than a rate.
                System.out.printf("CPU of the Kafka Streams client's threads per input record: app %.1f us%s%n",
                        app[2] * 1e6 / total, passCpu > 0 ? String.format(Locale.ROOT,
                                ", pass-through %.1f us, pass-through / app %.0f %%", passCpu * 1e6 / total,
                                100 * passCpu / app[2]) : "");
                if (last && app[0] < 60) {
                    System.out.printf("note: less than 60 s of work; use a larger --fleet (about %d)%s%n",
                            (int) Math.ceil(fleet * 60 / app[0]), options.rounds() == 1 ? " or --rounds 3" : "");
                }
            }
        }
    }

    private interface Run {
        double[] call() throws Exception;
    }

    /** Runs {@code run}, under a JFR recording written to {@code jfr} when given ({@code --jfr FILE}). */
    private static double[] recorded(Path jfr, Run run) throws Exception {
        if (jfr == null) {
            return run.call();
        }
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.start();
            double[] result = run.call();
            recording.stop();
            recording.dump(jfr);
            System.out.println("JFR recording of the app run: " + jfr);
            return result;
        }
    }
}
