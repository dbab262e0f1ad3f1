package org.fleetstreams.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.serve.FleetServer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * One demo run on a started {@link LocalPipeline}: the dashboard, the app, the output tally and the replay, the live
 * view while it replays; {@link DemoEnd} then waits for the app to finish and prints the per-ride table.
 * {@link DemoCommand} owns the options, the checks before anything starts and the mapping of failures to exit codes.
 */
final class DemoRun {

    /** How long the app may take, after the replay, to commit everything before the table shows what there is. */
    private static final Duration DRAIN = Duration.ofSeconds(120);
    /** How long the app may take to reach RUNNING. */
    private static final Duration START = Duration.ofSeconds(60);

    /**
     * {@code -Dfleetstreams.demo.looks=true}: each look at the app's lag on stderr, with the wall clock, to see where
     * in a run the summary's p90 and max come from (docs/benchmarks.md).
     */
    private static final boolean PRINT_LOOKS = Boolean.getBoolean("fleetstreams.demo.looks");
    /** How often the live view redraws while the replay runs, and looks at the app's lag. */
    private static final long LOOK_INTERVAL_MS = 500;
    private static final String HTTP_PORT_HINT = "; --http-port 0 picks a free port, -1 turns the dashboard off";

    private final LocalPipeline pipeline;
    private final PrintStream out;
    private final Queue<String> notes;
    private final BooleanSupplier stopRequested;
    private volatile ReplayJob job;

    DemoRun(LocalPipeline pipeline, PrintStream out, Queue<String> notes, BooleanSupplier stopRequested) {
        this.pipeline = pipeline;
        this.out = out;
        this.notes = notes;
        this.stopRequested = stopRequested;
    }

    /** The running replay, for Ctrl-C to stop it; null before it starts. */
    ReplayJob job() {
        return job;
    }

    /**
     * Refuses, as a bad option, an {@code --http-port} another process listens on, or the embedded broker's port
     * ({@code brokerPort}, 0 for none or any free one), which the probe finds free since the broker is not up yet.
     * The run binds it only after the broker and the warm-up, a minute later: the same failure then would come after
     * the wait, as exit 2.
     */
    static void requireFreeHttpPort(CommandLine cmd, int httpPort, int brokerPort) {
        if (httpPort <= 0) {
            return; // any free port, or none
        }
        if (httpPort == brokerPort) {
            throw new ParameterException(cmd, "--http-port and --broker-port are both " + httpPort + " (the dashboard"
                    + " cannot listen where the embedded broker does): give one of them another" + HTTP_PORT_HINT);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress("localhost", httpPort));
        } catch (IOException e) {
            throw new ParameterException(cmd, "--http-port " + httpPort + ": cannot listen on localhost:" + httpPort
                    + " (" + e.getMessage() + ")" + HTTP_PORT_HINT);
        }
    }

    /** @param httpPort 0 = any free port, -1 = no dashboard; returns the exit code */
    int run(int httpPort, boolean keepRunning, boolean terminal) throws Exception {
        FleetServer http;
        try {
            http = httpPort < 0 ? null : FleetServer.bind("localhost", httpPort);
        } catch (IOException e) {
            System.err.println("error: cannot listen on localhost:" + httpPort + " (" + e.getMessage() + ")"
                    + HTTP_PORT_HINT);
            return 2;
        }
        AppConfig config = http == null ? pipeline.appConfig() : pipeline.appConfig().withOverrides(http.applicationServer());
        StreamsRunner app = pipeline.newApp(config).leavingGroupOnClose();
        if (http != null) {
            http.start(app.streams(), app.restoring(), 0, config.braking());
        }
        String bootstrap = pipeline.bootstrapServers();
        Topics topics = pipeline.topics();
        OutputTally tally = new OutputTally(bootstrap, topics, pipeline.embedded(), !keepRunning);
        StringWriter replayOut = new StringWriter();
        StringWriter replayErr = new StringWriter();
        try (tally; AppLag lag = new AppLag(bootstrap, config.applicationId(), topics.inputs());
             AutoCloseable httpClose = http == null ? () -> { } : http) {
            app.start();
            if (!app.awaitRunning(START)) {
                System.err.println(notRunning(app.isDown(), app.streams().state(), app.failure(), START));
                return 1;
            }
            out.println("App: Kafka Streams " + config.applicationId() + " is RUNNING (exactly-once; one summary per"
                    + " window when it closes; the demo closes the last ones when the replay ends)");
            if (http != null) {
                out.println("Dashboard: " + http.url() + "  (REST API under /api, Prometheus metrics at /metrics)");
            }
            new Thread(tally, "demo-output-tally").start();
            Replay plan = pipeline.configuredReplay();
            if (plan.epoch() == null) {
                Instant epoch = alignedEpoch(Instant.now(), config.time().windowSize());
                if (!pipeline.embedded()) {
                    // A Kafka of one's own can hold an earlier run's records, and the app (the same application id)
                    // has taken their times: this run's windows start after them, or its records would all be late.
                    long latest = pipeline.latestInputTimestamp();
                    Instant after = epochAfter(epoch, latest, config.time().windowSize());
                    if (!after.equals(epoch)) {
                        out.println("Replay: event time starts at " + after + ", after the input topics' newest record ("
                                + Instant.ofEpochMilli(latest) + ", an earlier run's), so that no window goes back in time");
                    }
                    epoch = after;
                }
                plan = plan.withEpoch(epoch);
            }
            JoinFrontier frontier = new JoinFrontier(config.time().joinTimeDifference().toMillis());
            job = pipeline.replayJob(plan, new PrintWriter(replayOut), new PrintWriter(replayErr)).onAcknowledged(frontier);
            if (stopRequested.getAsBoolean()) {
                job.requestStop(); // asked for while the app was starting, before there was a job to stop
            }
            int[] replayCode = {-1};
            Thread replay = new Thread(() -> replayCode[0] = job.run(), "demo-replay");
            replay.start();
            if (keepRunning) {
                out.println("Looping until Ctrl-C. Other clients can attach to " + bootstrap + ", e.g.\n  kafka-console-consumer.sh"
                        + " --bootstrap-server " + bootstrap + " --topic " + topics.harshBraking() + " --from-beginning");
            }
            LiveView view = new LiveView(out, topics, terminal, lag, frontier, notes);
            List<Long> behind = new ArrayList<>();
            while (replay.isAlive() && !app.isDown()) {
                long behindMillis = view.render(job.progress(), tally, keepRunning ? "looping, Ctrl-C to stop" : "replaying");
                if (job.progress() != null && job.progress().stats().acknowledged() > 0) {
                    behind.add(behindMillis);
                    if (PRINT_LOOKS) {
                        System.err.printf("look %d ms: app behind %d ms of event time, %d records acknowledged%n",
                                System.currentTimeMillis(), behindMillis, job.progress().stats().acknowledged());
                    }
                }
                replay.join(LOOK_INTERVAL_MS);
            }
            if (app.isDown()) {
                // Not a replay to finish or windows to close: nothing would take them. The cause, not a timeout later.
                job.requestStop();
                replay.join(10_000);
                return appStopped(app);
            }
            replay.join();
            DemoEnd end = new DemoEnd(pipeline, out, stopRequested, view, tally, DRAIN);
            return end.finish(new DemoEnd.Replayed(job.progress(), replayCode[0], replayOut.toString(),
                    replayErr.toString(), AppLag.summary(behind, LOOK_INTERVAL_MS)), app, keepRunning,
                    config.time().windowSize().toMillis());
        }
    }

    /**
     * The line for an app that did not reach RUNNING. One that stopped (a stream thread failed two seconds in, say)
     * is told by its state and failure: "within 60 s" would send one looking for something slow. One still starting
     * is told by the wait.
     */
    static String notRunning(boolean down, KafkaStreams.State state, Throwable cause, Duration wait) {
        if (down) {
            return "error: the Kafka Streams app stopped while starting (" + state + ")"
                    + (cause == null ? "" : ": " + cause);
        }
        return "error: the Kafka Streams app did not reach RUNNING within " + wait.toSeconds() + " s (state " + state
                + ")";
    }

    static int appStopped(StreamsRunner app) {
        Throwable cause = app.failure();
        System.err.println("error: the Kafka Streams app stopped (" + app.streams().state() + ")"
                + (cause == null ? "" : ": " + cause));
        return 1;
    }

    /**
     * {@code epoch}, or, when the topics already hold records that late, the window start at or before
     * {@code latestInput} + two windows (so one to two windows after it): the app's windows up to there are closed.
     */
    static Instant epochAfter(Instant epoch, long latestInput, Duration window) {
        if (latestInput < epoch.toEpochMilli()) {
            return epoch;
        }
        return alignedEpoch(Instant.ofEpochMilli(latestInput + 2 * window.toMillis()), window);
    }

    /**
     * The replay's epoch (the event time of offset 0): {@code now} rounded down to a whole number of windows since
     * 1970, as Kafka Streams' and Spark's windows are. Then every run's windows cover the same offsets of the data
     * ({@code [0, 30)}, {@code [15, 45)} s, ...), so the per-ride table, built from the windows that tile the time
     * line, is the same on every run of the same data (with an epoch of now to the second, the tiles cut
     * the rides elsewhere each time and the distances and mean speeds moved by a few per cent). The event times then
     * start up to one window before the wall clock, which nothing in the app compares them with.
     */
    static Instant alignedEpoch(Instant now, Duration window) {
        long size = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
    }
}
