package org.fleetstreams.app;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs each fuzz input on one worker thread with a time limit, so an input that makes the code loop or block fails
 * as a finding ("stuck") instead of hanging the build. A JUnit {@code @Timeout} cannot do it: in fuzzing mode the
 * whole run, every input, is one JUnit invocation. The worker is reused (a thread per input would cost more than the
 * serde under test); after a timeout it is left stuck and a new one takes over.
 */
public final class PerInputTimeout {

    private final Duration limit;
    private ExecutorService worker = newWorker();

    public PerInputTimeout(Duration limit) {
        this.limit = limit;
    }

    /** Runs {@code input} within the limit; what it throws is thrown here, unwrapped, for the fuzzer to report. */
    public void run(Runnable input) {
        Future<?> done = worker.submit(input);
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("stuck: one input still running after " + limit.toSeconds() + " s");
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
