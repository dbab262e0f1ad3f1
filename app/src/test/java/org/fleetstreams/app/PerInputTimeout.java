package org.fleetstreams.app;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * In regression mode (every build), runs each fuzz input on one worker thread with a time limit, so an input that makes
 * the code loop or block fails ("stuck", with the stuck thread's stack) instead of hanging the build. The worker is
 * reused (a thread per input would cost more than the serde under test); after a timeout it is left stuck and a new
 * one takes over.
 *
 * <p>In fuzzing mode ({@code JAZZER_FUZZ} set) the input runs on the caller's thread, and libFuzzer's own per-input
 * timeout watches for hangs: when the run's time is up, Jazzer leaves the fuzzing loop even while another thread is
 * inside the target, and that thread was then reported stuck (seen once at the end of a 20 s run). A JUnit
 * {@code @Timeout} is no substitute in either mode: in fuzzing mode the whole run is one JUnit invocation.
 */
public final class PerInputTimeout {

    private static final boolean FUZZING = !System.getenv().getOrDefault("JAZZER_FUZZ", "").isEmpty();

    private final Duration limit;
    private ExecutorService worker = newWorker();
    private volatile Thread current;

    public PerInputTimeout(Duration limit) {
        this.limit = limit;
    }

    /** Runs {@code input} within the limit; what it throws is thrown here, unwrapped, for the fuzzer to report. */
    public void run(Runnable input) {
        if (FUZZING) {
            input.run();
            return;
        }
        Future<?> done = worker.submit(() -> {
            current = Thread.currentThread();
            input.run();
        });
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            AssertionError stuck = new AssertionError("stuck: one input still running after " + limit.toSeconds() + " s");
            stuck.setStackTrace(current.getStackTrace()); // where it is stuck, not where we noticed
            worker.shutdownNow();
            worker = newWorker();
            throw stuck;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true); // a stuck input must not keep the test JVM alive
            return t;
        });
    }
}
