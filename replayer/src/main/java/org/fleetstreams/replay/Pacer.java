package org.fleetstreams.replay;

import java.util.function.BooleanSupplier;

/**
 * Maps simulated time to wall-clock time at a speed factor, and waits for it.
 *
 * <p>Wall target of a row = start + (sim − firstSim) / speed. The first row goes out at once: a data set
 * whose first row is at offset 0.8 s does not make you wait 0.8 s. A resumed replay's first row is later than the
 * schedule's first, and goes out at once too: the first row awaited anchors the clock. At {@code max} speed nothing
 * waits.
 */
public final class Pacer {

    /** Upper bound on one sleep, so a stop request is noticed within this time. */
    static final long MAX_SLEEP_NANOS = 50_000_000L;

    /**
     * The last stretch before a due time is spun, not slept: a parked thread wakes 0.1-2 ms late on this kind of
     * VM (measured), a spinning one is already running. Only after a park: a row due within this window of the moment
     * it is looked at goes at once (up to this much early). Dense schedules (a fleet at 10x has a due time every
     * 0.1 ms) would otherwise spin between every two rows and keep a core busy that the broker and the app need (the
     * demo at 10x: the app trailed the replay by up to 59 s of event time with the spin, 46 s without).
     *
     * <p>This is the window at 1x; at speed s it is this over s ({@link #spinNanos()}). The demo's data has rows every
     * 20 ms of event time in clusters (every car's 50 Hz sample at once): 2 ms apart at 10x and 1 ms at 20x, so a 1 ms
     * window spun half of every gap at 10x and nearly all of it at 20x (the replay thread 0.37 of a core either way,
     * on a two-core VM that the broker and the app share). Over s it spins the same share at every speed, about 5 %:
     * the replay thread 0.11 of a core at 10x, 0.19-0.25 at 20x (docs/benchmarks.md, "Session of 2026-12-03"). A row
     * may go up to 2 ms of wall time late instead, 2 x s ms of event time, which no consumer of the records sees: their
     * event time is in the record.
     */
    static final long SPIN_NANOS = Long.getLong("replayer.spinMicros", 1_000L) * 1_000L;

    private final WallClock clock;
    private final double speed;
    private final long spinNanos;
    private double firstSimSeconds;
    private long startNanos;
    private boolean started;

    /** @param speed simulated seconds per wall second; {@link Double#POSITIVE_INFINITY} for max speed */
    public Pacer(WallClock clock, double speed, double firstSimSeconds) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        this.clock = clock;
        this.speed = speed;
        this.spinNanos = Double.isInfinite(speed) ? 0 : Math.round(SPIN_NANOS / Math.max(1.0, speed));
        this.firstSimSeconds = firstSimSeconds;
    }

    /** The spin window at this speed: {@link #SPIN_NANOS} over the speed, or all of it below 1x. */
    public long spinNanos() {
        return spinNanos;
    }

    public boolean isMaxSpeed() {
        return Double.isInfinite(speed);
    }

    /** Wall-clock nanoTime at which {@code simSeconds} is due. The first call anchors the schedule. */
    public long targetNanos(double simSeconds) {
        if (!started) {
            startNanos = clock.nanoTime();
            firstSimSeconds = Math.max(firstSimSeconds, simSeconds);
            started = true;
        }
        if (isMaxSpeed()) {
            return startNanos;
        }
        return startNanos + (long) ((simSeconds - firstSimSeconds) / speed * 1e9);
    }

    /**
     * Waits until {@code simSeconds} is due (or {@code stop} says to stop) and returns the target nanoTime,
     * from which the caller measures how late it sent.
     */
    public long awaitDue(double simSeconds, BooleanSupplier stop) {
        long target = targetNanos(simSeconds);
        if (isMaxSpeed()) {
            return target;
        }
        if (target - clock.nanoTime() <= spinNanos) {
            return target;
        }
        for (long wait = target - clock.nanoTime(); wait > 0 && !stop.getAsBoolean(); wait = target - clock.nanoTime()) {
            if (wait > spinNanos) {
                clock.sleepNanos(Math.min(wait - spinNanos, MAX_SLEEP_NANOS));
            } else {
                clock.spin();
            }
        }
        return target;
    }

    public WallClock clock() {
        return clock;
    }
}
