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
    /**
     * While the GPS still says standing, the reading has moved away from the standing gravity as a car pulling away
     * does (horizontally, without the vertical drop a turned phone shows) since this time; 0 when not.
     */
    long pullingSince;
    /** The car pulls away although the last GPS speed (a second or more old) says it stands: gravity is held. */
    boolean pulling;
    /**
     * Gravity at the moment a standing fix describes, taken only if the phone had been settled for a second around it
     * (a phone handled at the stop gives a mid-motion value); zero before any. The pull-away watch measures from it.
     */
    private double[] settledStanding = new double[3];
    /** The direction the reading moved in when the pull-away was seen (phone frame, unit; forward for a car). */
    private double[] pullDir = new double[3];
    /** Speed gained since the pull-away began, integrated along {@link #pullDir} (m/s): the GPS has not seen it yet. */
    double pulledMps;
    /** ∫ |horizontal move off the standing gravity| dt (m/s) while it is {@value #DEVIATION_G} g or more. */
    private double deviationMps;
    /** When the last standing fix came (ms). */
    private long standingFixTime;
    /** Since when the estimate has followed the reading of a standing car without a break (ms); MAX_VALUE: not now. */
    private long followingSince = Long.MAX_VALUE;
    /** ∫ horizontal dynamic acceleration dt since the pull-away was seen (phone frame, g·s): its direction is forward. */
    double[] pullSum = new double[3];

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
        if (standing && !pulling && newTick) {
            // A phone settled at a stop (between fixes, e.g. after it was handled) is the reference too. The window
            // ends half a second back, so the first part of a pull-away is not in it.
            settle(t - SETTLE_BACK_MS);
        }
        if (standing && !pulling) {
            watchPullAway(t, m, dt);
            if (pulling) {
                turned = beforeStop.clone();
                beforeStop = g.clone();
            }
        }
        double tau = pulling ? Double.NaN : standing ? STANDING_S : idle && gpsSteady ? slowTimeConstantS : Double.NaN;
        boolean following = standing && !pulling && idle;
        followingSince = !following ? Long.MAX_VALUE : Math.min(followingSince, t);
        if (!Double.isNaN(tau)) {
            double alpha = 1 - Math.exp(-dt / tau);
            for (int i = 0; i < 3; i++) {
                g[i] += alpha * (r[i] - g[i]);
            }
        }
        return turned;
    }

    /**
     * The last GPS speed said the car stands, but it describes the car a second or more ago and fixes can be 4 s
     * apart: a car that pulls away meanwhile would have its acceleration taken into the fast standing gravity, and a
     * brake right after the pull-away (before the GPS sees the car move) read against it. Measured from the gravity
     * at the moment the last standing fix describes: a turned phone moves the reading around the sphere (vertical
     * part −|h|²/2), a car accelerating moves it horizontally (vertical part ≈ 0). A horizontal move of
     * {@value #PULL_AWAY_G} g or more held for {@value #PULL_AWAY_MS} ms is the car moving: gravity goes back to the
     * standing value and is held until the GPS speaks.
     */
    private void watchPullAway(long t, double[] m, double dt) {
        if (dt > MAX_WATCH_GAP_S) {
            // The phone sent nothing for a while (real phones do): what the car did meanwhile is not known, so no
            // pull-away is taken across the gap and none of it is counted as speed gained.
            pullingSince = 0;
            deviationMps = 0;
            return;
        }
        double[] ref = settledStanding;
        double n = Vectors.norm(ref);
        if (n == 0) {
            return;
        }
        double[] up = {ref[0] / n, ref[1] / n, ref[2] / n};
        double[] d = {m[0] - ref[0], m[1] - ref[1], m[2] - ref[2]};
        double v = Vectors.dot(d, up);
        double hx = d[0] - v * up[0];
        double hy = d[1] - v * up[1];
        double hz = d[2] - v * up[2];
        double h2 = hx * hx + hy * hy + hz * hz;
        // h2, v: the move off the standing value, across and along gravity. Flat: less vertical drop than half a turned
        // phone's, or than the noise of the standing value (its mean still carries ~0.03 g of engine and road shake).
        boolean flat = -v < Math.max(ROTATION_SHARE * h2 / 2, STANDING_NOISE_G);
        if (!flat && h2 >= TURNED_G * TURNED_G) {
            // The phone is being turned at the stop: the reference is gone until the phone settles again.
            settledStanding = new double[3];
            pullingSince = 0;
            deviationMps = 0;
            return;
        }
        boolean horizontal = h2 >= PULL_AWAY_G * PULL_AWAY_G && flat;
        // The speed the move adds up to since the reading left the standing value (the fast standing gravity hid its
        // first part): what the car has gained once the move is taken for a pull-away.
        deviationMps = h2 >= DEVIATION_G * DEVIATION_G && flat ? deviationMps + BrakingDetector.G * Math.sqrt(h2) * dt : 0;
        if (!horizontal) {
            pullingSince = 0;
        } else if (pullingSince == 0) {
            pullingSince = t;
        } else if (t - pullingSince >= PULL_AWAY_MS) {
            pulling = true;
            g = ref.clone();
            atStandingFix = ref.clone(); // what a GPS that sees the car moving rolls back to
            double hn = Math.sqrt(h2);
            pullDir = new double[] {hx / hn, hy / hn, hz / hn};
            // No more than a brisk pull-away gains since the moment the last standing fix describes.
            double sinceStanding = Math.max(0, t - standingFixTime + ForwardAxis.DEFAULT_LAG_MS) / 1000.0;
            pulledMps = Math.min(deviationMps, SpeedEstimate.MAX_PULL_AWAY_G * BrakingDetector.G * sinceStanding);
            pullSum = new double[3];
        }
    }

    /**
     * Adds a sample's horizontal dynamic acceleration {@code h} (g) to the speed gained since the pull-away; returns
     * whether the car is gaining speed (so {@link #pullSum} points forward, not yet cancelled by a brake).
     */
    boolean integratePull(double[] h, double dt) {
        if (pulling) {
            pulledMps = Math.max(0, pulledMps + BrakingDetector.G * Vectors.dot(h, pullDir) * dt);
            for (int i = 0; i < 3; i++) {
                pullSum[i] += h[i] * dt;
            }
            return Vectors.dot(h, pullDir) > 0;
        }
        return false;
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
        settledStanding = mean;
    }

    /** How far back the window the standing gravity is settled over between fixes ends (ms). */
    static final long SETTLE_BACK_MS = 500;

    /** The standing gravity is settled when it moved less than this (g) over the preceding this long (ms). */
    static final double SETTLED_G = 0.03;
    static final long SETTLED_MS = 1_000;

    /** A move of the reading off the standing value this large (g) is counted in the speed gained. */
    static final double DEVIATION_G = 0.04;

    /** A horizontal move of the reading this large (g)… */
    static final double PULL_AWAY_G = 0.08;
    /** …held this long (ms) is the car pulling away. */
    static final long PULL_AWAY_MS = 300;
    /** A longer gap between samples (s) restarts the pull-away watch. */
    static final double MAX_WATCH_GAP_S = 0.5;
    /** A move this large (g) that is not flat is a phone being turned. */
    static final double TURNED_G = 0.2;
    /** The least vertical drop (g) taken for a turned phone (a handling turns it 30° or more: 0.13 g). */
    static final double STANDING_NOISE_G = 0.04;
    /** Below this share of the rotation signature (|h|²/2) the move is horizontal, not a turned phone. */
    static final double ROTATION_SHARE = 0.5;

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
            settledStanding = g.clone();
            pulling = false;
            pullingSince = 0;
            pulledMps = 0;
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
            if (pulling && pullingSince >= t - MAX_LAG_MS) {
                return null; // the fix describes the car before it pulled away
            }
            pulling = false;
            pullingSince = 0;
            pulledMps = 0;
            atStandingFix = snapAt(t - MAX_LAG_MS);
            standingFixTime = t;
            settle(t - MAX_LAG_MS);
            return null;
        }
        pulling = false;
        pullingSince = 0;
        pulledMps = 0;
        if (standing) {
            standing = false;
            reset(atStandingFix);
            return beforeStop.clone();
        }
        return null;
    }

    void write(ByteBuffer b) {
        StoreFormat.putArray(b, g);
        b.put(StoreFormat.flags(gpsSteady, standing, pulling));
        b.putLong(pullingSince);
        StoreFormat.putArray(b, pullDir);
        StoreFormat.putArray(b, pullSum);
        StoreFormat.putArray(b, settledStanding);
        b.putDouble(pulledMps);
        b.putDouble(deviationMps);
        b.putLong(standingFixTime);
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
        e.pulling = StoreFormat.bit(f, 2);
        e.pullingSince = b.getLong();
        e.pullDir = StoreFormat.getArray(b);
        e.pullSum = StoreFormat.getArray(b);
        e.settledStanding = StoreFormat.getArray(b);
        e.pulledMps = b.getDouble();
        e.deviationMps = b.getDouble();
        e.standingFixTime = b.getLong();
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
