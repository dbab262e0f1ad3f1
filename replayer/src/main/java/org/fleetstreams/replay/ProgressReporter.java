package org.fleetstreams.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.common.DaemonThreads;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Prints a progress line every interval while the replay runs:
 * <pre>
 * [replay] 61.3/121.6 s sim (50%)  bdd-locations 240  bdd-accelerations 11,780  9,870 rec/s  behind 0.2 ms
 * </pre>
 * "behind" is how late the latest record went out versus its simulated-time target (paced replays only).
 */
final class ProgressReporter implements AutoCloseable {

    private final ReplayStats stats;
    private final Topics topics;
    private final double firstSim;
    private final double totalSim;
    private final PrintWriter err;
    private final WallClock clock;
    private final boolean paced;
    private final ScheduledExecutorService timer;
    private long lastRecords;
    private long lastNanos;

    /** @param totalSim simulated seconds of the whole replay, or infinity when it loops forever */
    ProgressReporter(ReplayStats stats, Topics topics, double firstSim, double totalSim, boolean paced,
                     PrintWriter err, WallClock clock, Duration interval) {
        this.stats = stats;
        this.topics = topics;
        this.firstSim = firstSim;
        this.totalSim = totalSim;
        this.paced = paced;
        this.err = err;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("replay-progress"));
        this.lastNanos = clock.nanoTime();
        long millis = interval.toMillis();
        timer.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
    }

    String line() {
        long now = clock.nanoTime();
        long records = stats.records();
        double rate = (records - lastRecords) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastRecords = records;
        lastNanos = now;
        double done = Math.max(0, stats.simSeconds() - firstSim);
        StringBuilder line = new StringBuilder("[replay] ");
        if (Double.isInfinite(totalSim)) {
            line.append(String.format("pass %d  %.1f s sim", stats.pass() + 1, done));
        } else {
            line.append(String.format("%.1f/%.1f s sim (%.0f%%)", done, totalSim, 100 * done / Math.max(1e-9, totalSim)));
        }
        line.append(String.format("  %s %,d  %s %,d  %,.0f rec/s", topics.locations(), stats.records(SensorKind.LOCATIONS),
                topics.accelerations(), stats.records(SensorKind.ACCELERATIONS), rate));
        if (paced) {
            line.append(String.format("  behind %.1f ms", stats.lastLagMillis()));
        }
        return line.toString();
    }

    private void print() {
        err.println(line());
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
