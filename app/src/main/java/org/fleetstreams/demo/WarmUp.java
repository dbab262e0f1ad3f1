package org.fleetstreams.demo;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;
import org.fleetstreams.replay.ReplayJob;

/**
 * Before the live replay, the app runs once over the data at full speed on topics of its own
 * ({@code PREFIX-warmup-*}, application id {@code ...-warmup}), so the JIT has compiled the hot paths of the parser,
 * the merge, the join, the detector, the stores and the Kafka clients before the first live record. Cold, on two
 * cores shared with the broker and the replayer, the app needed the first seconds of a 10x replay to get going and
 * trailed by tens of seconds of event time for the rest of the pass (docs/benchmarks.md, "Demo").
 *
 * <p>The benchmark's live alert-latency run uses it too ({@code --warm-up}), to measure what the demo shows.
 *
 * <p>The warm-up's topics and state are the demo's own (the work dir is emptied at start); the live run starts from
 * empty topics, so its outputs are exactly what they would be without it.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Runs the warm-up on {@code pipeline}'s Kafka; returns the seconds it took. */
    public static double run(LocalPipeline pipeline, Path data, Path stateDir, PrintStream out) throws InterruptedException {
        return run(pipeline, data, stateDir, out, () -> false, job -> { });
    }

    /**
     * The same, stopped early when {@code stop} turns true (Ctrl-C): {@code started} is given the warm-up's replay so
     * that the caller can stop it, and the wait for the app to take it all ends too.
     */
    static double run(LocalPipeline pipeline, Path data, Path stateDir, PrintStream out,
                      BooleanSupplier stop, Consumer<ReplayJob> started)
            throws InterruptedException {
        long start = System.nanoTime();
        Topics topics = Topics.withPrefix(pipeline.topics().prefix() + "-warmup");
        String applicationId = applicationId(pipeline);
        out.println("Warming up: the app runs once over the data at full speed on " + topics.prefix()
                + "-* before the live replay (--no-warm-up skips it)");
        try (LocalPipeline warm = LocalPipeline.builder().externalKafka(pipeline.bootstrapServers()).topics(topics)
                .partitions(pipeline.partitions())
                .app(c -> c.withApplicationId(applicationId).withStateDir(stateDir.resolve("warmup")))
                .replay(Replay.of(data).atSpeed(Double.POSITIVE_INFINITY)).connectTimeout(Duration.ofSeconds(KafkaConnection.DEFAULT_TIMEOUT_S))
                .start()) {
            StreamsRunner app = warm.newApp(warm.appConfig()).leavingGroupOnClose().start();
            if (!app.awaitRunning(Duration.ofSeconds(60))) {
                out.println("Warm-up skipped: its app did not reach RUNNING within 60 s");
                return seconds(start);
            }
            StringWriter err = new StringWriter();
            ReplayJob job = warm.replayJob(warm.configuredReplay(), new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(err));
            started.accept(job);
            if (stop.getAsBoolean()) {
                job.requestStop();
            }
            if (job.run() != ReplayJob.OK && !stop.getAsBoolean()) {
                // the replayer's own error line says why (a bad file the live replay will meet too, say)
                String why = err.toString().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
                out.println("Warm-up: its replay did not end normally" + (why.isEmpty() ? "" : " (" + why + ")")
                        + "; the live run goes on without a full warm-up");
            }
            if (!warm.awaitCommitted(applicationId, Duration.ofSeconds(120), stop) && !stop.getAsBoolean()) {
                out.println("Warm-up cut short after 120 s");
            }
            if (stop.getAsBoolean()) {
                out.println("Warm-up stopped");
                return seconds(start);
            }
        }
        double took = seconds(start);
        out.printf(Locale.ROOT, "Warmed up in %.1f s%n", took);
        return took;
    }

    /** The warm-up app's application id (its consumer group): the live app's, {@code -warmup}. */
    static String applicationId(LocalPipeline pipeline) {
        return pipeline.appConfig().applicationId() + "-warmup";
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
