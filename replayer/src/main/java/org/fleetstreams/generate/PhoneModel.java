package org.fleetstreams.generate;

import java.util.SplittableRandom;

/**
 * The phone in the car for {@link PhysicsCar}: its attitude in the car body as a unit quaternion (uniformly random
 * at the start: a normalised 4-D Gaussian), handling (the phone is lifted, moved by hand and put back in another
 * attitude) and the accelerometer's own errors (bias, scale, noise, 0.001 g rounding on most phones).
 *
 * <p>Convention: {@code q} takes phone-frame vectors to body-frame vectors; a body-frame vector seen by the phone is
 * {@code conj(q) v q}. Body frame: x forward, y left, z up.
 */
final class PhoneModel {

    private double[] q;
    private final double[] bias = new double[3];
    private final double[] scale = new double[3];
    private final double noise;
    private final boolean rounded;
    private final SplittableRandom rnd;

    private double handStart = Double.NaN;
    private double handEnd;
    private double[] handFrom;
    private double[] handTo;
    private double handG;
    private final double[][] handWaves = new double[3][6]; // per axis: 3 x (frequency Hz, phase)
    private double[] wobbleAxis;

    PhoneModel(SplittableRandom rnd) {
        this.rnd = rnd;
        this.q = uniformQuaternion(rnd);
        for (int i = 0; i < 3; i++) {
            bias[i] = (rnd.nextDouble() * 2 - 1) * 0.03;
            scale[i] = 1 + (rnd.nextDouble() * 2 - 1) * 0.02;
        }
        this.noise = 0.005 + rnd.nextDouble() * 0.015;
        this.rounded = rnd.nextDouble() < 0.7;
    }

    /** Starts a handling from {@code t} to {@code end}: the phone turns by {@code degrees} (or to any attitude). */
    void handle(double t, double end, double degrees, boolean anyAttitude) {
        handStart = t;
        handEnd = end;
        handFrom = q;
        handTo = anyAttitude ? uniformQuaternion(rnd)
                : multiply(q, axisAngle(unit(rnd), Math.toRadians(degrees)));
        handG = 0.08 + rnd.nextDouble() * 0.27;
        for (double[] axis : handWaves) {
            for (int k = 0; k < 3; k++) {
                axis[2 * k] = 0.4 + rnd.nextDouble() * 2.6;
                axis[2 * k + 1] = rnd.nextDouble() * 2 * Math.PI;
            }
        }
        wobbleAxis = unit(rnd);
    }

    /** Degrees between the attitude before and after the current handling. */
    double handlingAngle() {
        double d = Math.abs(handFrom[0] * handTo[0] + handFrom[1] * handTo[1] + handFrom[2] * handTo[2] + handFrom[3] * handTo[3]);
        return Math.toDegrees(2 * Math.acos(Math.min(1, d)));
    }

    boolean handling(double t) {
        return !Double.isNaN(handStart) && t >= handStart && t < handEnd;
    }

    /**
     * The phone's reading (g, phone frame) of the specific force {@code bodyG} (g, body frame) at {@code t}: during
     * handling the attitude moves and the hand adds its own acceleration.
     */
    double[] read(double t, double[] bodyG) {
        double[] force = bodyG.clone();
        if (!Double.isNaN(handStart) && t >= handStart) {
            if (t < handEnd) {
                double p = (t - handStart) / (handEnd - handStart);
                double envelope = Math.sin(Math.PI * p) * Math.sin(Math.PI * p);
                double s = p * p * (3 - 2 * p);
                double wobble = Math.toRadians(12) * Math.sin(2 * Math.PI * 1.3 * t) * envelope;
                q = multiply(slerp(handFrom, handTo, s), axisAngle(wobbleAxis, wobble));
                for (int i = 0; i < 3; i++) {
                    double a = 0;
                    for (int k = 0; k < 3; k++) {
                        a += Math.sin(2 * Math.PI * handWaves[i][2 * k] * t + handWaves[i][2 * k + 1]);
                    }
                    force[i] += handG * envelope * a / 1.7;
                }
            } else {
                q = handTo;
                handStart = Double.NaN;
            }
        }
        double[] v = rotate(conjugate(q), force);
        for (int i = 0; i < 3; i++) {
            v[i] = v[i] * scale[i] + bias[i] + noise * rnd.nextGaussian();
            if (rounded) {
                v[i] = Math.round(v[i] * 1000) / 1000.0;
            }
        }
        return v;
    }

    /** The car's forward direction in the phone frame once the current handling is over. */
    double[] forwardAfterHandling() {
        return rotate(conjugate(handTo), new double[] {1, 0, 0});
    }

    /** The car's forward direction in the phone frame now. */
    double[] forward() {
        return rotate(conjugate(q), new double[] {1, 0, 0});
    }

    static double[] uniformQuaternion(SplittableRandom rnd) {
        double[] g = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2] + g[3] * g[3]);
        return new double[] {g[0] / n, g[1] / n, g[2] / n, g[3] / n};
    }

    static double[] unit(SplittableRandom rnd) {
        double[] g = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
        return new double[] {g[0] / n, g[1] / n, g[2] / n};
    }

    static double[] axisAngle(double[] k, double angle) {
        double s = Math.sin(angle / 2);
        return new double[] {Math.cos(angle / 2), k[0] * s, k[1] * s, k[2] * s};
    }

    static double[] multiply(double[] a, double[] b) {
        return new double[] {
            a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
            a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
            a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
            a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]};
    }

    static double[] conjugate(double[] a) {
        return new double[] {a[0], -a[1], -a[2], -a[3]};
    }

    /** {@code q v conj(q)}. */
    static double[] rotate(double[] q, double[] v) {
        double[] r = multiply(multiply(q, new double[] {0, v[0], v[1], v[2]}), conjugate(q));
        return new double[] {r[1], r[2], r[3]};
    }

    static double[] slerp(double[] a, double[] b, double s) {
        double d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
        double[] c = b;
        if (d < 0) {
            d = -d;
            c = new double[] {-b[0], -b[1], -b[2], -b[3]};
        }
        if (d > 0.9995) {
            double[] r = new double[4];
            for (int i = 0; i < 4; i++) {
                r[i] = a[i] + s * (c[i] - a[i]);
            }
            double n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + r[3] * r[3]);
            return new double[] {r[0] / n, r[1] / n, r[2] / n, r[3] / n};
        }
        double theta = Math.acos(d);
        double wa = Math.sin((1 - s) * theta) / Math.sin(theta);
        double wb = Math.sin(s * theta) / Math.sin(theta);
        return new double[] {wa * a[0] + wb * c[0], wa * a[1] + wb * c[1], wa * a[2] + wb * c[2], wa * a[3] + wb * c[3]};
    }
}
