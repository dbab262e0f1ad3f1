package org.fleetstreams.replay;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;

/**
 * What a replay did. The replay thread writes; the progress thread and producer callbacks read or add
 * through atomics. Rides, lag and event-time range are written by the replay thread only.
 */
public final class ReplayStats {

    private final AtomicLong[] records = {new AtomicLong(), new AtomicLong()};
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Set<String> rides = new HashSet<>();
    private final LagHistogram lag = new LagHistogram();
    private final RowSkips skips;
    private volatile double simSeconds;
    private double firstSimSeconds = Double.NaN;
    private volatile int pass;
    private volatile double lastLagMillis;
    private volatile long startNanos;
    private volatile boolean started;
    private volatile long endNanos;
    private long minEventTime = Long.MAX_VALUE;
    private long maxEventTime = Long.MIN_VALUE;

    private final AckListener listener;

    public ReplayStats(RowSkips skips) {
        this(skips, AckListener.NONE);
    }

    /** @param listener told of every acknowledged input record ({@link #onAcknowledged}) */
    public ReplayStats(RowSkips skips, AckListener listener) {
        this.skips = skips;
        this.listener = listener;
    }

    void started(long nanos) {
        startNanos = nanos;
        started = true;
    }

    void finished(long nanos) {
        endNanos = nanos;
    }

    void scheduled(String rideId, double sim, int passIndex, long eventTime) {
        rides.add(rideId);
        if (Double.isNaN(firstSimSeconds)) {
            firstSimSeconds = sim;
        }
        simSeconds = sim;
        pass = passIndex;
        minEventTime = Math.min(minEventTime, eventTime);
        maxEventTime = Math.max(maxEventTime, eventTime);
    }

    void sent(SensorKind kind, int count, long size) {
        records[kind.ordinal()].addAndGet(count);
        bytes.addAndGet(size);
    }

    /** @param nanos how late a record went out; a row sent early, within the pacer's spin window, is on time (0) */
    void lag(long nanos) {
        lag.record(nanos);
        lastLagMillis = Math.max(0, nanos) / 1e6;
    }

    /**
     * Producer callback: the broker acknowledged a record.
     *
     * @param kind      which input topic, or null for another topic (counted only, as a record without a partition)
     * @param partition the record's partition (the same number in both input topics is one task of a consumer)
     * @param key       the record's key
     * @param eventTime the record's timestamp as sent
     */
    public void onAcknowledged(SensorKind kind, int partition, byte[] key, long eventTime) {
        acknowledged.incrementAndGet();
        if (kind == null || partition < 0) {
            return;
        }
        listener.acknowledged(kind, partition, key, eventTime);
    }

    /** Producer callback: a record could not be delivered. */
    public void onFailed(Exception e) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, e);
    }

    public long records(SensorKind kind) {
        return records[kind.ordinal()].get();
    }

    public long records() {
        return records[0].get() + records[1].get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception firstFailure() {
        return firstFailure.get();
    }

    /** Distinct ride ids read from the data (before fleet cloning). */
    public int distinctRides() {
        return rides.size();
    }

    public LagHistogram lag() {
        return lag;
    }

    public RowSkips skips() {
        return skips;
    }

    public double simSeconds() {
        return simSeconds;
    }

    public double firstSimSeconds() {
        return Double.isNaN(firstSimSeconds) ? 0 : firstSimSeconds;
    }

    public int pass() {
        return pass;
    }

    public double lastLagMillis() {
        return lastLagMillis;
    }

    public long startNanos() {
        return startNanos;
    }

    /** Elapsed wall seconds: to the end once finished, else to {@code nowNanos}. */
    public double elapsedSeconds(long nowNanos) {
        if (!started) {
            return 0; // stopped before its clock started (its first file unreadable): no time, not the machine's uptime
        }
        long end = endNanos != 0 ? endNanos : nowNanos;
        return Math.max(0, end - startNanos) / 1e9;
    }

    public long minEventTime() {
        return minEventTime;
    }

    public long maxEventTime() {
        return maxEventTime;
    }
}
