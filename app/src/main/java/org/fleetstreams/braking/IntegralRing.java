package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * ∫ x dt of a 3-vector, with a ring of its value every {@value #TICK_MS} ms over the last {@value #TICKS} ticks, so
 * the integral at any time up to 2 s back is at hand when a GPS fix (describing the car up to 1.5 s earlier) comes.
 * {@link LagFits} keeps one of the dynamic acceleration, {@link GravityErrorCheck} one of the raw reading.
 */
final class IntegralRing {

    static final long TICK_MS = 100;
    static final int TICKS = 20;

    private double[] integral = new double[3];
    private double[] ring = new double[3 * TICKS];
    private long lastTick = Long.MIN_VALUE;

    /** Adds {@code x} held for {@code dt} seconds up to time {@code t}. */
    void add(long t, double[] x, double dt) {
        long tick = Math.floorDiv(t, TICK_MS);
        if (lastTick == Long.MIN_VALUE) {
            lastTick = tick - 1;
        }
        for (long k = Math.max(lastTick + 1, tick - TICKS + 1); k <= tick; k++) {
            System.arraycopy(integral, 0, ring, 3 * (int) Math.floorMod(k, (long) TICKS), 3);
        }
        lastTick = Math.max(lastTick, tick);
        for (int i = 0; i < 3; i++) {
            integral[i] += x[i] * dt;
        }
    }

    /** The integral at {@code t}, up to {@value #TICKS} ticks back (the oldest kept before that). */
    double[] at(long t) {
        long tick = Math.floorDiv(t, TICK_MS);
        if (lastTick == Long.MIN_VALUE || tick > lastTick) {
            return integral.clone();
        }
        long k = Math.max(tick, lastTick - TICKS + 1);
        int at = 3 * (int) Math.floorMod(k, (long) TICKS);
        return new double[] {ring[at], ring[at + 1], ring[at + 2]};
    }

    /** The integral now. */
    double[] now() {
        return integral.clone();
    }

    void write(ByteBuffer b) {
        StoreFormat.putArray(b, integral);
        StoreFormat.putArray(b, ring);
        b.putLong(lastTick);
    }

    static IntegralRing read(ByteBuffer b) {
        IntegralRing r = new IntegralRing();
        r.integral = StoreFormat.getArray(b);
        r.ring = StoreFormat.getArray(b);
        r.lastTick = b.getLong();
        return r;
    }
}
