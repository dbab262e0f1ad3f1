package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * How far the accelerometer over-reads a brake, measured against the GPS over a stretch that contains it. The gravity
 * an event is read against can be off (a grade that changed since it was learned, part of a gentle acceleration
 * taken in): the error is an offset, the same before, during and after the brake. Over the interval between a fix
 * before the event and one after it, the raw reading less that gravity, integrated along the braking direction, is
 * the speed lost plus offset × interval; the GPS says the speed lost. So offset = (∫ reading − GPS drop) / interval,
 * free of the brake's own size.
 *
 * <p>A GPS speed describes the car a lag L (0–1.5 s, not well known) earlier, so each candidate lag gives an offset.
 * Where the shifted interval contains the whole event for every lag, they agree; where it cuts the event, they differ,
 * and the smallest (the one most in the brake's favour) is kept, so an unsure measure cannot veto. Kept: ∫ raw
 * reading dt in an {@link IntegralRing} (as {@link LagFits} keeps the dynamic part) and its value at each candidate
 * lag at the last two valid fixes.
 */
final class GravityErrorCheck {

    static final int LAGS = LagFits.LAGS_MS.length;

    private IntegralRing integral = new IntegralRing();
    /** ∫ raw reading at (fix time − lag) per candidate lag, for the last valid fix and the one before. */
    double[] atLast = new double[3 * LAGS];
    double[] atPrevious = new double[3 * LAGS];
    long lastTime = Long.MIN_VALUE;
    long previousTime = Long.MIN_VALUE;
    double lastSpeed;
    double previousSpeed;

    /** Adds the raw (despiked) reading {@code r} (g) held for {@code dt} seconds up to {@code t}. */
    void onSample(long t, double[] r, double dt) {
        integral.add(t, r, dt);
    }

    /** The integral at each candidate lag before {@code t}. */
    double[] atLags(long t) {
        double[] out = new double[3 * LAGS];
        for (int l = 0; l < LAGS; l++) {
            System.arraycopy(integral.at(t - LagFits.LAGS_MS[l]), 0, out, 3 * l, 3);
        }
        return out;
    }

    /** A valid GPS speed at {@code t}. */
    void onSpeed(long t, double speed) {
        atPrevious = atLast;
        previousTime = lastTime;
        previousSpeed = lastSpeed;
        atLast = atLags(t);
        lastTime = t;
        lastSpeed = speed;
    }

    /**
     * The offset (g) the reading along {@code back} (unit, the braking direction) against gravity {@code g} carries
     * over the interval from a fix at {@code t1} (its integrals {@code at1}, speed {@code v1}) to one now at {@code t2}
     * with speed {@code v2}: the smallest over the candidate lags. Positive: the reading over-reads the deceleration.
     */
    double offset(double[] at1, long t1, double v1, long t2, double v2, double[] back, double[] g) {
        double intervalS = (t2 - t1) / 1000.0;
        double gpsDecel = (v1 - v2) / (BrakingDetector.G * intervalS);
        double[] at2 = atLags(t2);
        double least = Double.POSITIVE_INFINITY;
        for (int l = 0; l < LAGS; l++) {
            double read = 0;
            for (int i = 0; i < 3; i++) {
                read += ((at2[3 * l + i] - at1[3 * l + i]) / intervalS - g[i]) * back[i];
            }
            least = Math.min(least, read - gpsDecel);
        }
        return least;
    }

    void write(ByteBuffer b) {
        integral.write(b);
        StoreFormat.putArray(b, atLast);
        StoreFormat.putArray(b, atPrevious);
        b.putLong(lastTime).putLong(previousTime).putDouble(lastSpeed).putDouble(previousSpeed);
    }

    static GravityErrorCheck read(ByteBuffer b) {
        GravityErrorCheck c = new GravityErrorCheck();
        c.integral = IntegralRing.read(b);
        c.atLast = StoreFormat.getArray(b);
        c.atPrevious = StoreFormat.getArray(b);
        c.lastTime = b.getLong();
        c.previousTime = b.getLong();
        c.lastSpeed = b.getDouble();
        c.previousSpeed = b.getDouble();
        return c;
    }
}
