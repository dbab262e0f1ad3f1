package org.fleetstreams.app;

import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.fleetstreams.common.admin.AccessErrors;
import org.fleetstreams.ingest.InputAccounting;
import org.fleetstreams.serve.RestoringStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams instance of the app and its whole lifecycle: the state listener, the uncaught-exception handler,
 * waiting for RUNNING, waiting for the end, and the close. {@link FleetApp}, the demo's pipeline and the tests run the
 * app through this class, so they all stop the same way when a stream thread fails.
 *
 * <p>A failed stream thread shuts the whole client down ({@code SHUTDOWN_CLIENT}) rather than replacing the thread:
 * the topology has no failure a new thread would get past (bad input is dead-lettered before it can throw), so a
 * throw is a bug or a broker problem, and an instance that stops is easier to see than one that restarts in a loop.
 *
 * <p>Use: create it, hand {@link #streams()} to whatever needs it before the start (the HTTP server), {@link #start},
 * then {@link #awaitRunning} or {@link #awaitStopped}; {@link #close} (idempotent) closes Kafka Streams.
 */
public final class StreamsRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);
    /** How long a close may take: the last transaction's commit and the state stores' flush. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long WARM_UP_MS = 3_000;
    private static final Duration WARM_UP_TIMEOUT = Duration.ofMillis(WARM_UP_MS);

    private final Topology topology;
    private final KafkaStreams streams;
    private final PrintWriter console;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down once the producers have looked their topics up after the first RUNNING ({@link WarmProducers}). */
    private final CountDownLatch warmed = new CountDownLatch(1);
    private final AtomicBoolean warming = new AtomicBoolean();
    private final WarmProducers clients = new WarmProducers();
    private final String applicationId;
    /** {@link System#nanoTime} when the instance first reached RUNNING; 0 before. */
    private volatile long firstRunningNanos;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Which store partitions are restoring, for the HTTP answers (Kafka takes one restore listener: RestoreReport's). */
    private final RestoringStores restoring = new RestoringStores();
    /** {@link #accounting}'s handler drops, counted as {@link #close} began; -1 before. */
    private volatile long droppedBeforeClose = -1;
    private volatile boolean leaveGroupOnClose;

    /** The app's topology for {@code config}, quiet (state changes go to the log only). */
    public StreamsRunner(AppConfig config) {
        this(FleetTopology.buildTopology(config), config, null);
    }

    /**
     * @param topology the app's ({@link FleetTopology#buildTopology}) or another on the same settings (benchmarks)
     * @param console  where state changes, this instance's tasks and a failed thread are told; null = the log only
     */
    public StreamsRunner(Topology topology, AppConfig config, PrintWriter console) {
        this.topology = topology;
        this.applicationId = config.applicationId();
        this.streams = new KafkaStreams(topology, config.streamsProperties(), clients);
        this.console = console != null ? console : new PrintWriter(Writer.nullWriter());
        streams.setStateListener(this::onChange);
        streams.setGlobalStateRestoreListener(new RestoreReport(this.console, restoring));
        streams.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            LOG.error("stream thread failed; shutting this instance down", e);
            // A refused ACL or login mid-run (e.g. revoked) is one line naming it; anything else as it came.
            this.console.println("error: " + AccessErrors.describe(e, config.streamsProperties())
                    .orElse("stream thread failed: " + e));
            this.console.flush();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    private void onChange(KafkaStreams.State now, KafkaStreams.State before) {
        console.println("Kafka Streams " + before + " -> " + now);
        if (now == KafkaStreams.State.REBALANCING) {
            restoring.rebalancing();
        }
        if (now == KafkaStreams.State.RUNNING) {
            restoring.running();
            // What this instance owns: how a user (and app/scale-out.sh) sees the partitions spread.
            console.println("Active tasks: " + activeTasks(streams));
            if (warming.compareAndSet(false, true)) {
                firstRunningNanos = System.nanoTime();
                // not on this (a stream) thread: the lookups take a round trip each
                Thread warm = new Thread(() -> {
                    try {
                        clients.warm(topology.describe(), applicationId, WARM_UP_TIMEOUT);
                    } finally {
                        warmed.countDown();
                    }
                }, "producer-metadata-warm-up");
                warm.setDaemon(true);
                warm.start();
            }
            running.countDown();
        }
        console.flush();
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            running.countDown();
            warmed.countDown();
            stopped.countDown();
        }
    }

    /** The store partitions restoring now, for the HTTP server's answers ({@code FleetServer#start}). */
    public RestoringStores restoring() {
        return restoring;
    }

    /** The Kafka Streams client, for interactive queries and metrics (and the HTTP server, before {@link #start}). */
    public KafkaStreams streams() {
        return streams;
    }

    /** Starts Kafka Streams; the topology goes to the log file (the app's {@code --describe} prints it). */
    public StreamsRunner start() {
        LOG.info("{}", topology.describe());
        streams.start();
        return this;
    }

    /**
     * Closes Kafka Streams when the JVM is asked to stop (Ctrl-C, SIGTERM); {@link #awaitStopped} then returns. The JVM
     * ends once its shutdown hooks have, whatever other threads do: so this one then waits, up to
     * {@value #FINISH_WAIT_S} s, for {@code finished}, which the caller counts down once it has printed and closed what
     * it does when the app stops (the input accounting, the HTTP server, the log). Without the wait, the accounting
     * the docs promise on a stop was cut short or missing, depending on which thread ran first.
     */
    public StreamsRunner closeOnShutdown(CountDownLatch finished) {
        Runtime.getRuntime().addShutdownHook(new Thread(shutdownHook(finished), "app-shutdown"));
        return this;
    }

    static final int FINISH_WAIT_S = 30;

    Runnable shutdownHook(CountDownLatch finished) {
        return () -> {
            close();
            try {
                finished.await(FINISH_WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * Waits until the instance is RUNNING, and then (up to {@value #WARM_UP_MS} ms more, besides {@code timeout})
     * until its producers know the partitions of the topics they write ({@link WarmProducers}), so that input sent
     * from then on is not held up by those lookups; false when it stopped first or {@code timeout} passed before
     * RUNNING. A rebalance begun meanwhile still counts as running.
     */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || streams.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        warmed.await(WARM_UP_MS, TimeUnit.MILLISECONDS);
        return !isDown();
    }

    /** {@link System#nanoTime} when the instance first reached RUNNING (0 before): a benchmark's clock starts there. */
    public long firstRunningNanos() {
        return firstRunningNanos;
    }

    /** Waits until the instance stops; returns the exit code: 0 closed, 1 a stream thread failed. */
    public int awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return failure.get() == null ? 0 : 1;
    }

    /** Has the instance stopped, or is it stopping after an error? */
    public boolean isDown() {
        KafkaStreams.State s = streams.state();
        return s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                || s == KafkaStreams.State.NOT_RUNNING || s == KafkaStreams.State.PENDING_SHUTDOWN;
    }

    /** The exception that stopped a stream thread, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** The task ids (sub-topology_partition) this instance runs, sorted. */
    public List<String> activeTasks() {
        return activeTasks(streams);
    }

    /** The task ids (sub-topology_partition) {@code streams} runs, sorted. */
    public static List<String> activeTasks(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .map(t -> t.taskId().toString()).sorted().toList();
    }

    /**
     * Leaves the consumer group on {@link #close}. By default Kafka Streams stays in it until the session timeout
     * (45 s), so that an instance back within it finds its tasks without a rebalance; a run that ends for good (the
     * demo's) leaves, so that the next run on the same Kafka does not find it in the group ({@code GroupInUse}).
     */
    public StreamsRunner leavingGroupOnClose() {
        leaveGroupOnClose = true;
        return this;
    }

    @Override
    public void close() {
        synchronized (this) {
            // the handlers' drop count is a task metric, gone once the tasks close: taken first, once
            if (droppedBeforeClose < 0) {
                droppedBeforeClose = InputAccounting.droppedByHandlers(streams.metrics());
            }
        }
        if (leaveGroupOnClose) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT));
        } else {
            streams.close(CLOSE_TIMEOUT);
        }
        stopped.countDown();
    }

    /**
     * What became of every input record ({@link org.fleetstreams.ingest.InputAccounting}), also after {@link #close}:
     * then with the records the error handlers dropped as counted just before it.
     */
    public InputAccounting accounting() {
        return InputAccounting.of(streams.metrics()).withDroppedByHandlers(Math.max(0, droppedBeforeClose));
    }
}
