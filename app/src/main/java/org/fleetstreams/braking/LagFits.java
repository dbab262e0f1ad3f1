package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.fleetstreams.state.StoreFormat;

/**
 * The forward-axis fit with the GPS lag taken into account. A phone's GPS speed describes the car as it was about a
 * second earlier (its filter lags), so the speed change between two fixes at t1 and t2 is the acceleration
 * integrated over [t1 − L, t2 − L], not over [t1, t2]. L is unknown (0 on some devices, up to ~1.5 s on others), so
 * one {@link AxisFit} is kept per candidate lag, each regressing the same GPS dv/dt on the mean dynamic acceleration
 * over its own shifted interval; the best-explained fit gives the axis and the lag.
 *
 * <p>It keeps ∫ dynamic acceleration dt in an {@link IntegralRing}, so the integral at any time up to 2 s back is at
 * hand at a fix.
 */
final class LagFits {

    /** Candidate GPS lags, milliseconds. */
    static final long[] LAGS_MS = {0, 500, 1_000, 1_500};
    private IntegralRing integral = new IntegralRing();
    private double[] atLastFix = new double[3 * LAGS_MS.length];
    private boolean hasLastFix;
    private boolean lastIntervalDirty;
    private AxisFit[] fits = newFits();
    private double[] atLastSpeed = new double[3];

    private static AxisFit[] newFits() {
        AxisFit[] f = new AxisFit[LAGS_MS.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = new AxisFit();
        }
        return f;
    }

    /** Adds dynamic acceleration {@code d} (g) held for {@code dt} seconds up to time {@code t}. */
    void onSample(long t, double[] d, double dt) {
        integral.add(t, d, dt);
    }

    /** ∫ dynamic acceleration dt (g·s) at {@code t}, up to 2 s back (the oldest kept before that). */
    double[] integralAt(long t) {
        return integral.at(t);
    }

    /**
     * A fix at {@code t}: when {@code usable}, adds the pair (dv/dt in g over the {@code intervalS} since the last
     * fix, mean dynamic acceleration over the shifted interval) to each lag's fit. An interval is not used when it or
     * the one before was disturbed (a shifted interval reaches into the one before).
     */
    void onFix(long t, double dvdtG, double intervalS, boolean usable, boolean dirty) {
        for (int i = 0; i < LAGS_MS.length; i++) {
            double[] c = integralAt(t - LAGS_MS[i]);
            if (usable && hasLastFix && !dirty && !lastIntervalDirty && intervalS > 0) {
                fits[i].add(dvdtG, new double[] {(c[0] - atLastFix[3 * i]) / intervalS,
                    (c[1] - atLastFix[3 * i + 1]) / intervalS, (c[2] - atLastFix[3 * i + 2]) / intervalS});
            }
            System.arraycopy(c, 0, atLastFix, 3 * i, 3);
        }
        hasLastFix = true;
        lastIntervalDirty = dirty;
    }

    /**
     * The largest magnitude (g), over the candidate lags, of the mean dynamic acceleration over the interval since the
     * last fix shifted by the lag, for a fix at {@code t} {@code intervalS} after it; call before {@link #onFix}. Only
     * an upper bound on the car's mean acceleration along any axis, so it needs no axis. NaN when there is no interval
     * to measure: no fix before, or the interval before it disturbed (a handling integrates nothing, and a shifted
     * interval reaches into it).
     */
    double largestMeanSinceLastFix(long t, double intervalS) {
        if (!hasLastFix || lastIntervalDirty || !(intervalS > 0)) {
            return Double.NaN;
        }
        double largest = 0;
        for (int i = 0; i < LAGS_MS.length; i++) {
            double[] c = integralAt(t - LAGS_MS[i]);
            double x = c[0] - atLastFix[3 * i];
            double y = c[1] - atLastFix[3 * i + 1];
            double z = c[2] - atLastFix[3 * i + 2];
            largest = Math.max(largest, Math.sqrt(x * x + y * y + z * z) / intervalS);
        }
        return largest;
    }

    /** A valid GPS speed at {@code t}, describing the car {@code lagMs} earlier: the integral from then on is kept. */
    void onSpeed(long t, long lagMs) {
        atLastSpeed = integralAt(t - lagMs);
    }

    /** ∫ dynamic acceleration dt (g·s) since the moment the last valid GPS speed describes. */
    double[] sinceLastSpeed() {
        double[] now = integral.now();
        return new double[] {now[0] - atLastSpeed[0], now[1] - atLastSpeed[1], now[2] - atLastSpeed[2]};
    }

    /**
     * The fit with the best R² among those with enough pairs and excitation. A lag other than 0 needs twice the pairs
     * and must beat the shorter lags by {@value #LAG_MARGIN_R2} in R²: with a handful of pairs, four candidates would
     * otherwise let chance pick (on the real data one such pick turned a ride's axis backwards). Null if none can be
     * solved.
     */
    Best best(int minPairs, double minExcitationG) {
        Best best = null;
        for (int i = 0; i < fits.length; i++) {
            AxisFit f = fits[i];
            int needed = i == 0 ? minPairs : LONGER_LAG_PAIRS * minPairs;
            if (f.pairs() < needed || Math.sqrt(f.excitation()) < minExcitationG) {
                continue;
            }
            double[] w = f.solve();
            if (w == null) {
                continue;
            }
            double r2 = f.r2(w);
            if (best == null || r2 > best.r2() + LAG_MARGIN_R2) {
                best = new Best(w, r2, LAGS_MS[i], f.pairs());
            }
        }
        return best;
    }

    /** A lag other than 0 needs this many times the pairs (more evidence than the default). */
    static final int LONGER_LAG_PAIRS = 2;

    /** R² a longer lag must add to be preferred. */
    static final double LAG_MARGIN_R2 = 0.1;

    /** The fitted weights, their R², the lag they assume and the pairs behind them. */
    record Best(double[] w, double r2, long lagMs, int pairs) {
    }

    int pairs() {
        return fits[0].pairs();
    }

    /**
     * The candidate lags the GPS speeds do not rule out. Every lag's fit regresses the same GPS speed changes, so
     * their unexplained parts compare directly: a lag whose fit leaves more than {@value #RULED_OUT_RESIDUAL} times
     * the residual of the best-fitting lag is ruled out, once the fits have {@value #RULE_OUT_PAIRS} pairs or more
     * (with a forgetting factor of 0.97, about 30 count: a variance ratio of 1.5 or more is then unlikely by chance).
     * Otherwise, or if no fit can be solved, all are allowed.
     */
    boolean[] plausibleLags() {
        boolean[] out = new boolean[fits.length];
        Arrays.fill(out, true);
        if (fits[0].pairs() < RULE_OUT_PAIRS) {
            return out;
        }
        double[] r2 = r2ByLag(RULE_OUT_PAIRS);
        double leastResidual = Double.POSITIVE_INFINITY;
        for (double x : r2) {
            if (Double.isNaN(x)) {
                return out;
            }
            leastResidual = Math.min(leastResidual, residual(x));
        }
        for (int i = 0; i < fits.length; i++) {
            out[i] = residual(r2[i]) <= RULED_OUT_RESIDUAL * leastResidual; // the best lag always stays
        }
        return out;
    }

    /** The unexplained share of a fit, kept above 0 so that a perfect fit (a rounding below 0) still allows itself. */
    private static double residual(double r2) {
        return Math.max(1 - r2, 1e-9);
    }

    static final double RULED_OUT_RESIDUAL = 1.5;
    static final int RULE_OUT_PAIRS = 6;

    /** R² of each lag's fit (NaN where it cannot be solved or has fewer than {@code minPairs} pairs). */
    double[] r2ByLag(int minPairs) {
        double[] out = new double[fits.length];
        for (int i = 0; i < fits.length; i++) {
            double[] w = fits[i].pairs() < minPairs ? null : fits[i].solve();
            out[i] = w == null ? Double.NaN : fits[i].r2(w);
        }
        return out;
    }

    /** After a handling: the fits start over (the integral goes on). */
    void reset() {
        fits = newFits();
        lastIntervalDirty = true;
    }

    void write(ByteBuffer b) {
        integral.write(b);
        StoreFormat.putArray(b, atLastFix);
        b.put(StoreFormat.flags(hasLastFix, lastIntervalDirty));
        StoreFormat.putArray(b, atLastSpeed);
        for (AxisFit f : fits) {
            f.write(b);
        }
    }

    static LagFits read(ByteBuffer b) {
        LagFits l = new LagFits();
        l.integral = IntegralRing.read(b);
        l.atLastFix = StoreFormat.getArray(b);
        byte f = b.get();
        l.hasLastFix = StoreFormat.bit(f, 0);
        l.lastIntervalDirty = StoreFormat.bit(f, 1);
        l.atLastSpeed = StoreFormat.getArray(b);
        for (int i = 0; i < l.fits.length; i++) {
            l.fits[i] = AxisFit.read(b);
        }
        return l;
    }
}
