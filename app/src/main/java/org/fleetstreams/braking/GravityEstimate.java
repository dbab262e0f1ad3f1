package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * Gravity in the phone frame (g). While the car moves: a slow running mean, frozen while the GPS sees the speed
 * change (a pull-away would otherwise be absorbed), never frozen for long. While the GPS says the car stands still:
 * a fast mean, because a standing car's accelerometer reads gravity and nothing else, and a phone handled at a stop
 * must not leave the estimate minutes behind. The GPS speed lags, so the first second of a pull-away is still
 * "standing"; when the car is seen moving again, gravity goes back to its value 1.5 s before the last standing fix.
 * Because of that lag and fixes up to 4 s apart, a car pulling away while the GPS still says standing is watched
 * for ({@link PullAwayWatch}): gravity is then held at the settled standing value. While the phone is being moved at
 * speed ({@code fast}), a fast estimate follows it until it is steady.
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
    /** Since when the estimate has followed the reading of a standing car without a break (ms); MAX_VALUE: not now. */
    private long followingSince = Long.MAX_VALUE;
    /** A car pulling away while the GPS still says it stands. */
    PullAwayWatch watch = new PullAwayWatch();

    /**
     * A sample ({@code r} despiked, {@code m} smoothed); {@code idle}: no event in progress. Returns the gravity from
     * before the stop when this sample showed a pull-away from it (so the caller can tell whether the phone was
     * turned meanwhile, as {@link #onSpeed} does once the GPS sees the car moving), else null.
     */
    double[] onSample(long t, double[] r, double[] m, double dt, boolean idle, double slowTimeConstantS) {
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
        boolean newTick = tick > lastSnap;
        lastSnap = Math.max(lastSnap, tick);
        double[] turned = null;
        if (standing && !watch.pulling && newTick) {
            // A phone settled at a stop (between fixes, e.g. after it was handled) is the reference too. The window
            // ends half a second back, so the first part of a pull-away is not in it.
            settle(t - SETTLE_BACK_MS);
        }
        if (standing && !watch.pulling) {
            double[] hold = watch.onSample(t, m, dt);
            if (hold != null) {
                g = hold;
                atStandingFix = hold.clone(); // what a GPS that sees the car moving rolls back to
                turned = beforeStop.clone();
                beforeStop = g.clone();
            }
        }
        // Held while the GPS last saw the speed change, but never longer than FixIntervals' limit, counted here at each
        // sample: without a new pair of fixes (a tunnel, speeds unknown, fixes far apart) the hold would last for ever.
        boolean steady = gpsSteady || (t - frozenSince) / 1000.0 > FixIntervals.MAX_FREEZE_S;
        double tau = watch.pulling ? Double.NaN : standing ? STANDING_S : idle && steady ? slowTimeConstantS : Double.NaN;
        boolean following = standing && !watch.pulling && idle;
        followingSince = !following ? Long.MAX_VALUE : Math.min(followingSince, t);
        // A reading of less than half a g has no gravity in it (a sensor reading zeros, a phone falling): followed at a
        // stop (a quarter-second time constant), zeros shrank gravity by e^(-t/0.25 s), to nothing after about 93 s
        // (its square underflows), and "up" became 0/0.
        if (!Double.isNaN(tau) && Vectors.dot(r, r) >= BrakingDetector.MIN_G * BrakingDetector.MIN_G) {
            double alpha = 1 - Math.exp(-dt / tau);
            for (int i = 0; i < 3; i++) {
                g[i] += alpha * (r[i] - g[i]);
            }
        }
        return turned;
    }

    /**
     * The mean of the standing gravity over the {@value #SETTLED_MS} ms up to {@code until} becomes the reference
     * the pull-away watch measures from, if no value in it is {@value #SETTLED_G} g or more from that mean. The mean
     * of five values a quarter of a second apart has less noise than one (engine vibration, the phone's noise).
     */
    private void settle(long until) {
        if (until - SETTLED_MS < followingSince) {
            return; // the estimate was held (an event, a changing speed) in the window: it says nothing of the reading
        }
        int n = (int) (SETTLED_MS / SNAP_MS) + 1;
        double[][] v = new double[n][];
        double[] mean = new double[3];
        for (int k = 0; k < n; k++) {
            v[k] = snapAt(until - k * SNAP_MS);
            for (int i = 0; i < 3; i++) {
                mean[i] += v[k][i] / n;
            }
        }
        for (double[] x : v) {
            if (Vectors.distance(x, mean) >= SETTLED_G) {
                return;
            }
        }
        watch.settled(mean);
    }

    /** How far back the window the standing gravity is settled over between fixes ends (ms). */
    static final long SETTLE_BACK_MS = 500;

    /** The standing gravity is settled when it moved less than this (g) over the preceding this long (ms). */
    static final double SETTLED_G = 0.03;
    static final long SETTLED_MS = 1_000;

    /**
     * The GPS has just seen the car change speed after steady driving: the change began at the earliest a lag
     * before the previous fix, and what gravity absorbed since then was the car accelerating, so it goes back.
     */
    void changeSeenSince(long previousFixTime) {
        reset(snapAt(previousFixTime - MAX_LAG_MS));
    }

    /**
     * The phone was turned and has settled at {@code value}. At a stop that is the standing gravity too: the values
     * taken before describe a phone attitude that is gone, and a pull-away must not roll gravity back to them.
     */
    void reoriented(double[] value) {
        reset(value);
        if (standing) {
            beforeStop = g.clone(); // the axis has been turned along already
            atStandingFix = g.clone();
            watch.settled(g);
            watch.stop();
        }
    }

    /**
     * The ride's first sample, the first gravity. A fix that came before any sample (a GPS that locks first) found no
     * gravity to keep as the standing one: a pull-away then rolled gravity back to zero, and with the GPS seeing the
     * speed change (gravity frozen) "up" was 0/0 and the window summaries' peak deceleration NaN for seconds. That
     * standing gravity is this sample's.
     */
    void start(double[] first) {
        g = first.clone();
        if (standing) {
            beforeStop = g.clone();
            atStandingFix = g.clone();
        }
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
            if (!watch.standingFix(t)) {
                return null; // the fix describes the car before it pulled away
            }
            atStandingFix = snapAt(t - MAX_LAG_MS);
            settle(t - MAX_LAG_MS);
            return null;
        }
        watch.stop();
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
        watch.write(b);
        b.putLong(followingSince);
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
        e.watch = PullAwayWatch.read(b);
        e.followingSince = b.getLong();
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
