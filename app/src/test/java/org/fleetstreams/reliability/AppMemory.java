package org.fleetstreams.reliability;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A fault run's app memory: the largest resident memory any live app instance had, sampled every second. */
final class AppMemory implements AutoCloseable {

    private final List<ChildJvm> apps = new CopyOnWriteArrayList<>();
    private final AtomicLong maxRssMb = new AtomicLong();
    private final Thread sampler;

    /** Starts sampling, on a daemon thread, until {@link #close}. */
    AppMemory() {
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                apps.forEach(a -> maxRssMb.accumulateAndGet(a.rssMb(), Math::max));
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "app-memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Samples {@code app} from now on, and no longer the instances that have ended. */
    void add(ChildJvm app) {
        apps.removeIf(a -> !a.alive());
        apps.add(app);
    }

    /** The largest resident memory sampled so far. */
    long maxRssMb() {
        return maxRssMb.get();
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
