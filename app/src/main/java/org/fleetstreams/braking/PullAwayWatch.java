package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * A car pulling away while the last GPS speed still says it stands. That speed describes the car a second or more
 * ago and fixes can be 4 s apart: a car that pulls away meanwhile would have its acceleration taken into the fast
 * standing gravity ({@link GravityEstimate}), and a brake right after the pull-away read against it. The reading is
 * measured from a settled standing gravity: a turned phone moves it around the sphere (vertical part −|h|²/2), a
 * car accelerating moves it horizontally (vertical part ≈ 0). A flat move of {@value #PULL_AWAY_G} g or more held
 * for {@value #PULL_AWAY_MS} ms is the car moving: gravity goes back to the settled value and is held until the GPS
 * speaks, and the speed gained is integrated along the move (the GPS has not seen it yet).
 */
final class PullAwayWatch {

    /** The car pulls away although the last GPS speed says it stands: gravity is held. */
    boolean pulling;
    /** Since when the move has been a pull-away candidate (ms); 0 when it is not. */
    long pullingSince;
    /** Speed gained since the pull-away began (m/s), along {@link #pullDir}. */
    double pulledMps;
    /** ∫ horizontal dynamic acceleration dt since the pull-away was taken (phone frame, g·s): it points forward. */
    double[] pullSum = new double[3];
    /**
     * The settled standing gravity the watch measures from: the mean of a second of estimates that followed a
     * standing car's reading; zero when there is none (before any, or while the phone is being turned).
     */
    private double[] reference = new double[3];
    private double[] pullDir = new double[3];
    /** ∫ |move off the reference| dt (m/s) while it is flat and {@value #DEVIATION_G} g or more. */
    private double deviationMps;
    /** When the last standing fix came (ms). */
    private long standingFixTime;

    /**
     * A sample {@code m} (smoothed) {@code dt} seconds after the one before, while the GPS says standing. Returns
     * the standing gravity to hold when this sample shows the car pulling away, else null.
     */
    double[] onSample(long t, double[] m, double dt) {
        if (dt > MAX_GAP_S) {
            // The phone sent nothing for a while (real phones do): what the car did meanwhile is not known, so no
            // pull-away is taken across the gap and none of it is counted as speed gained.
            pullingSince = 0;
            deviationMps = 0;
            return null;
        }
        double n = Vectors.norm(reference);
        if (n == 0) {
            return null;
        }
        double[] up = {reference[0] / n, reference[1] / n, reference[2] / n};
        double[] d = {m[0] - reference[0], m[1] - reference[1], m[2] - reference[2]};
        double v = Vectors.dot(d, up);
        double[] h = {d[0] - v * up[0], d[1] - v * up[1], d[2] - v * up[2]};
        double h2 = Vectors.dot(h, h);
        // Flat: less vertical drop than half a turned phone's, or than the noise of the standing value (its mean still
        // carries ~0.03 g of engine and road shake).
        boolean flat = -v < Math.max(ROTATION_SHARE * h2 / 2, STANDING_NOISE_G);
        if (!flat && h2 >= TURNED_G * TURNED_G) {
            reference = new double[3]; // the phone is being turned: no reference until it settles again
            pullingSince = 0;
            deviationMps = 0;
            return null;
        }
        // The speed the move adds up to since the reading left the standing value (the fast standing gravity hid its
        // first part): what the car has gained once the move is taken for a pull-away.
        deviationMps = h2 >= DEVIATION_G * DEVIATION_G && flat ? deviationMps + BrakingDetector.G * Math.sqrt(h2) * dt : 0;
        if (!(h2 >= PULL_AWAY_G * PULL_AWAY_G && flat)) {
            pullingSince = 0;
        } else if (pullingSince == 0) {
            pullingSince = t;
        } else if (t - pullingSince >= PULL_AWAY_MS) {
            pulling = true;
            pullDir = Vectors.unit(h);
            // No more than a brisk pull-away gains since the moment the last standing fix describes.
            double sinceStanding = Math.max(0, t - standingFixTime + ForwardAxis.DEFAULT_LAG_MS) / 1000.0;
            pulledMps = Math.min(deviationMps, SpeedEstimate.MAX_PULL_AWAY_G * BrakingDetector.G * sinceStanding);
            pullSum = new double[3];
            return reference.clone();
        }
        return null;
    }

    /**
     * Adds a sample's horizontal dynamic acceleration {@code h} (g) to the speed gained; returns whether the car is
     * gaining speed (so {@link #pullSum} points forward, not yet cancelled by a brake).
     */
    boolean integrate(double[] h, double dt) {
        if (!pulling) {
            return false;
        }
        pulledMps = Math.max(0, pulledMps + BrakingDetector.G * Vectors.dot(h, pullDir) * dt);
        for (int i = 0; i < 3; i++) {
            pullSum[i] += h[i] * dt;
        }
        return Vectors.dot(h, pullDir) > 0;
    }

    /** A settled standing gravity to measure from. */
    void settled(double[] gravity) {
        reference = gravity.clone();
    }

    /** A standing fix at {@code t}; false when it describes the car before the pull-away (which goes on). */
    boolean standingFix(long t) {
        if (pulling && pullingSince >= t - GravityEstimate.MAX_LAG_MS) {
            return false;
        }
        stop();
        standingFixTime = t;
        return true;
    }

    /** The GPS has spoken (the car moves), or the phone was turned: no pull-away goes on. */
    void stop() {
        pulling = false;
        pullingSince = 0;
        pulledMps = 0;
    }

    /** A longer gap between samples (s) restarts the watch. */
    static final double MAX_GAP_S = 0.5;
    /** A move off the standing value this large (g) is counted in the speed gained. */
    static final double DEVIATION_G = 0.04;
    /** A flat move this large (g)… */
    static final double PULL_AWAY_G = 0.08;
    /** …held this long (ms) is the car pulling away. */
    static final long PULL_AWAY_MS = 300;
    /** A move this large (g) that is not flat is a phone being turned. */
    static final double TURNED_G = 0.2;
    /** The least vertical drop (g) taken for a turned phone (a handling turns it 30° or more: 0.13 g). */
    static final double STANDING_NOISE_G = 0.04;
    /** Below this share of the rotation signature (|h|²/2) the move is flat, not a turned phone. */
    static final double ROTATION_SHARE = 0.5;

    void write(ByteBuffer b) {
        b.put((byte) (pulling ? 1 : 0));
        b.putLong(pullingSince).putDouble(pulledMps);
        StoreFormat.putArray(b, pullSum);
        StoreFormat.putArray(b, reference);
        StoreFormat.putArray(b, pullDir);
        b.putDouble(deviationMps).putLong(standingFixTime);
    }

    static PullAwayWatch read(ByteBuffer b) {
        PullAwayWatch w = new PullAwayWatch();
        w.pulling = b.get() != 0;
        w.pullingSince = b.getLong();
        w.pulledMps = b.getDouble();
        w.pullSum = StoreFormat.getArray(b);
        w.reference = StoreFormat.getArray(b);
        w.pullDir = StoreFormat.getArray(b);
        w.deviationMps = b.getDouble();
        w.standingFixTime = b.getLong();
        return w;
    }
}
