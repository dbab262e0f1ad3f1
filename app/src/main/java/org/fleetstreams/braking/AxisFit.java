package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * One online forward-axis fit: GPS dv/dt between two fixes (in g) regressed on the mean dynamic acceleration over
 * the matching interval, {@code dv/dt ≈ w · a}, no intercept. The fitted {@code w}, made horizontal, is the forward
 * axis. {@link LagFits} keeps one per candidate GPS lag.
 */
final class AxisFit {

    private double[] fit = new double[10];
    private double fitWeight;
    private int pairs;

    /**
     * Ridge term per pair. An axis the car never excites (left-right on a straight road) holds only noise; plain
     * least squares gives it an arbitrary, often large weight and a wrong axis (seen in the tests). 0.001 g² per pair,
     * the square of ~0.03 g of typical motion, keeps such axes near zero and shrinks a real one by a few per cent,
     * which the direction ignores.
     */
    static final double RIDGE_PER_PAIR = 0.001;


    /**
     * Each new pair multiplies the old sums by this: a memory of about 33 pairs (one or two minutes of driving). A fit
     * that never forgets keeps pairs taken while gravity was still being learned (seen in the tests: 15 biased
     * pairs held the axis 45 degrees off for the rest of a ride) and cannot follow a phone that slowly shifts.
     */
    static final double FORGET = 0.97;

    void add(double y, double[] a) {
        for (int i = 0; i < fit.length; i++) {
            fit[i] *= FORGET;
        }
        fitWeight = fitWeight * FORGET + 1;
        fit[0] += a[0] * a[0];
        fit[1] += a[0] * a[1];
        fit[2] += a[0] * a[2];
        fit[3] += a[1] * a[1];
        fit[4] += a[1] * a[2];
        fit[5] += a[2] * a[2];
        fit[6] += a[0] * y;
        fit[7] += a[1] * y;
        fit[8] += a[2] * y;
        fit[9] += y * y;
        pairs++;
    }

    int pairs() {
        return pairs;
    }

    void write(ByteBuffer b) {
        StoreFormat.putArray(b, fit);
        b.putDouble(fitWeight).putInt(pairs);
    }

    static AxisFit read(ByteBuffer b) {
        AxisFit f = new AxisFit();
        f.fit = StoreFormat.getArray(b);
        f.fitWeight = b.getDouble();
        f.pairs = b.getInt();
        return f;
    }

    /** Σy² (forgetting included): how much the GPS saw the speed change; a car that only cruised says nothing. */
    double excitation() {
        return fit[9];
    }

    /** The ridge solution by Cramer's rule; null when singular. */
    double[] solve() {
        double[] m = fit;
        double ridge = RIDGE_PER_PAIR * fitWeight;
        double a = m[0] + ridge, b = m[1], c = m[2], d = m[3] + ridge, e = m[4], f = m[5] + ridge;
        double det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
        if (Math.abs(det) < 1e-15) {
            return null;
        }
        double w1 = (m[6] * (d * f - e * e) - b * (m[7] * f - e * m[8]) + c * (m[7] * e - d * m[8])) / det;
        double w2 = (a * (m[7] * f - e * m[8]) - m[6] * (b * f - e * c) + c * (b * m[8] - m[7] * c)) / det;
        double w3 = (a * (d * m[8] - m[7] * e) - b * (b * m[8] - m[7] * c) + m[6] * (b * e - d * c)) / det;
        return new double[] {w1, w2, w3};
    }

    /**
     * R² of the fit, uncentred: the model has no intercept, so the share of Σy² it explains. (The centred R² of the
     * first version was near zero for a steady pull-away, where every dv/dt is alike, and refused good fits.)
     */
    double r2(double[] w) {
        double[] m = fit;
        double ssRes = m[9] - 2 * (w[0] * m[6] + w[1] * m[7] + w[2] * m[8])
                + w[0] * (w[0] * m[0] + w[1] * m[1] + w[2] * m[2])
                + w[1] * (w[0] * m[1] + w[1] * m[3] + w[2] * m[4])
                + w[2] * (w[0] * m[2] + w[1] * m[4] + w[2] * m[5]);
        return m[9] <= 0 ? 0 : 1 - ssRes / m[9];
    }
}
