package org.fleetstreams.generate;

import java.util.SplittableRandom;
import org.fleetstreams.common.AccelerationSample;

/** Small vector helpers for the simulator: rotations of the phone frame. */
final class GeneratorPhysics {

    static final double G = AccelerationSample.STANDARD_GRAVITY;

    private GeneratorPhysics() {
    }

    /** A uniformly random rotation (rows = phone axes in the vehicle frame), from a random unit quaternion. */
    static double[][] randomRotation(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble() * 2 * Math.PI;
        double u3 = rnd.nextDouble() * 2 * Math.PI;
        double a = Math.sqrt(1 - u1);
        double b = Math.sqrt(u1);
        return quaternion(a * Math.sin(u2), a * Math.cos(u2), b * Math.sin(u3), b * Math.cos(u3));
    }

    /** Rotation by {@code angle} radians about the unit axis {@code k}. */
    static double[][] axisAngle(double[] k, double angle) {
        double h = angle / 2;
        double s = Math.sin(h);
        return quaternion(Math.cos(h), k[0] * s, k[1] * s, k[2] * s);
    }

    static double[] randomUnit(SplittableRandom rnd) {
        double z = rnd.nextDouble() * 2 - 1;
        double phi = rnd.nextDouble() * 2 * Math.PI;
        double r = Math.sqrt(1 - z * z);
        return new double[] {r * Math.cos(phi), r * Math.sin(phi), z};
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
            }
        }
        return c;
    }

    static double[] apply(double[][] m, double[] v) {
        return new double[] {dot(m[0], v), dot(m[1], v), dot(m[2], v)};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[][] quaternion(double w, double x, double y, double z) {
        return new double[][] {
            {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)},
            {2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)},
            {2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)}};
    }
}
