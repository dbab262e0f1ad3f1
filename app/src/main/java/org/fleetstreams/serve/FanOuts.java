package org.fleetstreams.serve;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many requests to other instances this instance has in progress at most. Each holds one of the server's threads
 * while it waits on the others, and the others' answers need their server threads free: with no bound, two instances
 * each taking hundreds of fleet-wide or forwarded requests could hold every thread waiting on each other until the
 * peers' deadline. One bound for every kind (fleet, alerts, status, a forwarded or searched ride), so no path gets
 * around it.
 */
final class FanOuts {

    static final int PERMITS = 32;

    private final Semaphore permits = new Semaphore(PERMITS);

    /** {@code call}'s answer, or {@link Unavailable} (503, Retry-After) when {@value #PERMITS} are in progress. */
    <T> T call(Supplier<T> call) {
        return callOr(call, () -> {
            throw new Unavailable("too many requests to other instances at once");
        });
    }

    /** {@code call}'s answer, or {@code busy}'s when {@value #PERMITS} are in progress (an answer that can do without). */
    <T> T callOr(Supplier<T> call, Supplier<T> busy) {
        if (!permits.tryAcquire()) {
            return busy.get();
        }
        try {
            return call.get();
        } finally {
            permits.release();
        }
    }

    /** The permits, for tests that take them all. */
    Semaphore permits() {
        return permits;
    }
}
