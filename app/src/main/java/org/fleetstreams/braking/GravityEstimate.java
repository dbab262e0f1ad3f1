package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * Gravity in the phone frame (g). While the car moves: a slow running mean, frozen while the GPS sees the speed
 * change (a pull-away would otherwise be absorbed), never frozen for long. While the GPS says the car stands still:
 * a fast mean, because a standing car's accelerometer reads gravity and nothing else, and a phone handled at a stop
 * must not leave the estimate minutes behind. The GPS speed lags, so the first second of a pull-away is still
 * "standing"; when the car is seen moving again, gravity goes back to its value 1.5 s before the last standing fix.
 * While the phone is being moved at speed ({@code fast}), a fast estimate follows it until it is steady.
 */
final class GravityEstimate {

    /**
     * Time constant while standing (seconds). A standing car reads gravity plus a phone's noise (about 0.01-0.02 g), so a quarter
     * of a second averages enough; at 1 s the estimate a pull-away rolls back to was still half-way through a phone
     * handled just before, and every brake of the next minute read against a tilted gravity.
     */
    static final double STANDING_S = 0.25;
    /** Below this GPS speed (m/s) the car is standing. */
    static final double STANDING_MPS = 0.5;
    /** How far back the standing estimate is taken from, for a GPS lag up to this (ms). */
    static final long MAX_LAG_MS = 1_500;
    static final long SNAP_MS = 250;
    static final int SNAPS = 28;

    double[] g = new double[3];
    boolean gpsSteady = true;
    long frozenSince;
    double[] fast = new double[3];
    long steadySince;
    boolean standing;
    private double[] beforeStop = new double[3];
    private double[] atStandingFix = new double[3];
    private double[] snaps = new double[3 * SNAPS];
    private long lastSnap = Long.MIN_VALUE;

    /** A sample; {@code idle}: no event in progress. */
    void onSample(long t, double[] r, double dt, boolean idle, double slowTimeConstantS) {
        long tick = Math.floorDiv(t, SNAP_MS);
        if (lastSnap == Long.MIN_VALUE) {
            lastSnap = tick - 1;
            for (int k = 0; k < SNAPS; k++) {
                System.arraycopy(g, 0, snaps, 3 * k, 3);
            }
        }
        for (long k = Math.max(lastSnap + 1, tick - SNAPS + 1); k <= tick; k++) {
            System.arraycopy(g, 0, snaps, 3 * (int) Math.floorMod(k, (long) SNAPS), 3);
        }
        lastSnap = Math.max(lastSnap, tick);
        double tau = standing ? STANDING_S : idle && gpsSteady ? slowTimeConstantS : Double.NaN;
        if (!Double.isNaN(tau)) {
            double alpha = 1 - Math.exp(-dt / tau);
            for (int i = 0; i < 3; i++) {
                g[i] += alpha * (r[i] - g[i]);
            }
        }
    }

    /**
     * The GPS has just seen the car change speed after steady driving: the change began at the earliest a lag
     * before the previous fix, and what gravity absorbed since then was the car accelerating, so it goes back.
     */
    void changeSeenSince(long previousFixTime) {
        reset(snapAt(previousFixTime - MAX_LAG_MS));
    }

    /** Gravity is {@code value} from now on, and was as far as any later rollback is concerned. */
    void reset(double[] value) {
        g = value.clone();
        for (int k = 0; k < SNAPS; k++) {
            System.arraycopy(g, 0, snaps, 3 * k, 3);
        }
    }

    private double[] snapAt(long t) {
        long k = Math.max(Math.floorDiv(t, SNAP_MS), lastSnap - SNAPS + 1);
        if (lastSnap == Long.MIN_VALUE || k > lastSnap) {
            return g.clone();
        }
        int at = 3 * (int) Math.floorMod(k, (long) SNAPS);
        return new double[] {snaps[at], snaps[at + 1], snaps[at + 2]};
    }

    /**
     * A fix with a valid speed at {@code t}. Returns the gravity before the stop when the car has just been seen
     * moving after one (so the caller can tell whether the phone was turned meanwhile), else null.
     */
    double[] onSpeed(long t, double speed) {
        if (speed < STANDING_MPS) {
            if (!standing) {
                standing = true;
                beforeStop = g.clone();
            }
            atStandingFix = snapAt(t - MAX_LAG_MS);
            return null;
        }
        if (standing) {
            standing = false;
            reset(atStandingFix);
            return beforeStop.clone();
        }
        return null;
    }

    void write(ByteBuffer b) {
        StoreFormat.putArray(b, g);
        b.put(StoreFormat.flags(gpsSteady, standing));
        b.putLong(frozenSince);
        StoreFormat.putArray(b, fast);
        b.putLong(steadySince);
        StoreFormat.putArray(b, beforeStop);
        StoreFormat.putArray(b, atStandingFix);
        StoreFormat.putArray(b, snaps);
        b.putLong(lastSnap);
    }

    static GravityEstimate read(ByteBuffer b) {
        GravityEstimate e = new GravityEstimate();
        e.g = StoreFormat.getArray(b);
        byte f = b.get();
        e.gpsSteady = StoreFormat.bit(f, 0);
        e.standing = StoreFormat.bit(f, 1);
        e.frozenSince = b.getLong();
        e.fast = StoreFormat.getArray(b);
        e.steadySince = b.getLong();
        e.beforeStop = StoreFormat.getArray(b);
        e.atStandingFix = StoreFormat.getArray(b);
        e.snaps = StoreFormat.getArray(b);
        e.lastSnap = b.getLong();
        return e;
    }
}
