package org.fleetstreams.braking;

/**
 * The online forward-axis fit: GPS dv/dt between two fixes (in g) regressed on the mean dynamic acceleration over
 * the same interval, {@code dv/dt ≈ w · a}, no intercept. The fitted {@code w}, made horizontal, is the forward
 * axis. Its sums live in {@link DetectorState}; these are pure functions over them.
 */
final class AxisFit {

    /**
     * Ridge term per pair. An axis the car never excites (left-right on a straight road) holds only noise; plain
     * least squares gives it an arbitrary, often large weight and a wrong axis (seen in the tests). 0.001 g² per pair,
     * the square of ~0.03 g of typical motion, keeps such axes near zero and shrinks a real one by a few per cent,
     * which the direction ignores.
     */
    static final double RIDGE_PER_PAIR = 0.001;

    private AxisFit() {
    }

    /**
     * Each new pair multiplies the old sums by this: a memory of about 33 pairs (one or two minutes of driving). A fit
     * that never forgets keeps pairs taken while gravity was still being learned (seen in the tests: 15 biased
     * pairs held the axis 45 degrees off for the rest of a ride) and cannot follow a phone that slowly shifts.
     */
    static final double FORGET = 0.97;

    static void add(DetectorState s, double y, double[] a) {
        for (int i = 0; i < s.fit.length; i++) {
            s.fit[i] *= FORGET;
        }
        s.fitWeight = s.fitWeight * FORGET + 1;
        s.fit[0] += a[0] * a[0];
        s.fit[1] += a[0] * a[1];
        s.fit[2] += a[0] * a[2];
        s.fit[3] += a[1] * a[1];
        s.fit[4] += a[1] * a[2];
        s.fit[5] += a[2] * a[2];
        s.fit[6] += a[0] * y;
        s.fit[7] += a[1] * y;
        s.fit[8] += a[2] * y;
        s.fit[9] += y * y;
        s.pairs++;
    }

    static void reset(DetectorState s) {
        java.util.Arrays.fill(s.fit, 0);
        s.fitWeight = 0;
        s.pairs = 0;
    }

    /** Σy² (forgetting included): how much the GPS saw the speed change; a car that only cruised says nothing. */
    static double excitation(DetectorState s) {
        return s.fit[9];
    }

    /** The ridge solution by Cramer's rule; null when singular. */
    static double[] solve(DetectorState s) {
        double[] m = s.fit;
        double ridge = RIDGE_PER_PAIR * s.fitWeight;
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
    static double r2(DetectorState s, double[] w) {
        double[] m = s.fit;
        double ssRes = m[9] - 2 * (w[0] * m[6] + w[1] * m[7] + w[2] * m[8])
                + w[0] * (w[0] * m[0] + w[1] * m[1] + w[2] * m[2])
                + w[1] * (w[0] * m[1] + w[1] * m[3] + w[2] * m[4])
                + w[2] * (w[0] * m[2] + w[1] * m[4] + w[2] * m[5]);
        return m[9] <= 0 ? 0 : 1 - ssRes / m[9];
    }
}
