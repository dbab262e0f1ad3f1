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
    /** The phone was moved (handled, or turned at a stop) since the last valid fix: the raw integral mixes attitudes. */
    boolean moved;
    /** The interval from the previous valid fix to the last one had the phone in one attitude throughout. */
    boolean pairClean;
    /** The valid fix before the previous one, and whether the interval from it to the previous one was clean. */
    double[] atBefore = new double[3 * LAGS];
    long beforeTime = Long.MIN_VALUE;
    double beforeSpeed;
    boolean previousPairClean;

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

    /** A valid GPS speed at {@code t}; {@code moving}: the phone is being moved now. */
    void onSpeed(long t, double speed, boolean moving) {
        previousPairClean = pairClean;
        pairClean = !moved;
        moved = moving;
        atBefore = atPrevious;
        beforeTime = previousTime;
        beforeSpeed = previousSpeed;
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
     * with speed {@code v2}: the smallest over the candidate lags the GPS speeds allow ({@code lags}, see
     * {@link LagFits#plausibleLags}). Positive: the reading over-reads the deceleration.
     */
    double offset(double[] at1, long t1, double v1, long t2, double v2, double[] back, double[] g, boolean[] lags) {
        double intervalS = (t2 - t1) / 1000.0;
        double[] at2 = atLags(t2);
        double[] mean = new double[3 * LAGS];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (at2[i] - at1[i]) / intervalS;
        }
        return least(mean, (v1 - v2) / (BrakingDetector.G * intervalS), back, g, lags);
    }

    /**
     * The smallest over the allowed lags of the mean reading over an interval ({@code mean}, per lag) along
     * {@code back} against {@code g}, less the GPS deceleration over it: where the shifted interval cuts an event
     * the lags disagree, and the one most in the brake's favour is kept, so an unsure measure cannot veto.
     */
    static double least(double[] mean, double gpsDecel, double[] back, double[] g, boolean[] lags) {
        double least = Double.POSITIVE_INFINITY;
        for (int l = 0; l < LAGS; l++) {
            if (!lags[l]) {
                continue;
            }
            double read = 0;
            for (int i = 0; i < 3; i++) {
                read += (mean[3 * l + i] - g[i]) * back[i];
            }
            least = Math.min(least, read - gpsDecel);
        }
        return least == Double.POSITIVE_INFINITY ? Double.NaN : least; // no lag allowed: no measure
    }

    /**
     * For an event beginning at {@code t}: an interval between valid fixes before it, over which the phone kept its
     * attitude. It ends at the last fix {@value BrakeEvent#PRE_FIX_MS} ms or more before the onset (a brake's ramp
     * begins before the reading crosses enterG, a mild brake's up to a second before) and begins at the latest of
     * the two fixes before that which makes it {@value BrakeDecision#OFFSET_MIN_MS} ms or more (two speeds' noise
     * over 2 s is about 0.015 g; fixes can be 1 s apart), at most {@value BrakeDecision#OFFSET_MAX_MS} ms. Writes the
     * mean raw reading over it at each candidate lag into {@code mean} and returns the GPS deceleration over it (g),
     * or NaN if there is no such interval.
     */
    double preInterval(long t, double[] mean) {
        long[] times = {beforeTime, previousTime, lastTime};
        double[] speeds = {beforeSpeed, previousSpeed, lastSpeed};
        double[][] at = {atBefore, atPrevious, atLast};
        boolean[] clean = {previousPairClean, pairClean}; // clean[k]: from fix k to fix k + 1
        int end = lastTime <= t - BrakeEvent.PRE_FIX_MS ? 2 : 1;
        int start = end - 1;
        if (times[start] != Long.MIN_VALUE && times[end] - times[start] < BrakeDecision.OFFSET_MIN_MS && start > 0) {
            start--;
        }
        long interval = times[end] - times[start];
        boolean attitudeKept = clean[start] && (end - start == 1 || clean[start + 1]);
        if (times[start] == Long.MIN_VALUE || times[end] > t - BrakeEvent.PRE_FIX_MS || !attitudeKept
                || interval < BrakeDecision.OFFSET_MIN_MS || interval > BrakeDecision.OFFSET_MAX_MS) {
            return Double.NaN;
        }
        double s = interval / 1000.0;
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (at[end][i] - at[start][i]) / s;
        }
        return (speeds[start] - speeds[end]) / (BrakingDetector.G * s);
    }

    /**
     * The offset along {@code back} against gravity {@code g} over an interval before the event ({@link #preInterval}),
     * as {@link #least}; NaN if there was none.
     */
    static double preOffset(double[] mean, double gpsDecel, double[] back, double[] g, boolean[] lags) {
        return Double.isNaN(gpsDecel) ? Double.NaN : least(mean, gpsDecel, back, g, lags);
    }

    void write(ByteBuffer b) {
        integral.write(b);
        StoreFormat.putArray(b, atLast);
        StoreFormat.putArray(b, atPrevious);
        b.putLong(lastTime).putLong(previousTime).putDouble(lastSpeed).putDouble(previousSpeed);
        b.put(StoreFormat.flags(moved, pairClean, previousPairClean));
        StoreFormat.putArray(b, atBefore);
        b.putLong(beforeTime).putDouble(beforeSpeed);
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
        byte f = b.get();
        c.moved = StoreFormat.bit(f, 0);
        c.pairClean = StoreFormat.bit(f, 1);
        c.previousPairClean = StoreFormat.bit(f, 2);
        c.atBefore = StoreFormat.getArray(b);
        c.beforeTime = b.getLong();
        c.beforeSpeed = b.getDouble();
        return c;
    }
}
