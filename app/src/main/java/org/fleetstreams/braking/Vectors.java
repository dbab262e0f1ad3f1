package org.fleetstreams.braking;

/** The few 3-vector operations the detector needs, on plain {@code double[3]} in the phone's frame. */
final class Vectors {

    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** {@code v} minus its component along the unit vector {@code up}, normalised; null when {@code v} is (nearly) along {@code up}. */
    static double[] horizontalUnit(double[] v, double[] up) {
        double d = dot(v, up);
        double[] h = {v[0] - d * up[0], v[1] - d * up[1], v[2] - d * up[2]};
        double n = norm(h);
        return n < 0.2 * norm(v) ? null : new double[] {h[0] / n, h[1] / n, h[2] / n};
    }

    /**
     * {@code v} turned by the smallest rotation that takes unit vector {@code from} to unit vector {@code to}
     * (Rodrigues). After the phone is handled, this carries the forward axis along with gravity; the turn about
     * gravity itself cannot be seen by an accelerometer, which is why the axis is then marked stale.
     */
    static double[] rotateLike(double[] v, double[] from, double[] to) {
        double[] k = {from[1] * to[2] - from[2] * to[1], from[2] * to[0] - from[0] * to[2], from[0] * to[1] - from[1] * to[0]};
        double sin = norm(k);
        double cos = dot(from, to);
        if (sin < 1e-9) {
            return v.clone();
        }
        k = new double[] {k[0] / sin, k[1] / sin, k[2] / sin};
        double[] kxv = {k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2], k[0] * v[1] - k[1] * v[0]};
        double kv = dot(k, v);
        return new double[] {v[0] * cos + kxv[0] * sin + k[0] * kv * (1 - cos),
            v[1] * cos + kxv[1] * sin + k[1] * kv * (1 - cos),
            v[2] * cos + kxv[2] * sin + k[2] * kv * (1 - cos)};
    }

    static double[] unit(double[] v) {
        double n = norm(v);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }

    static double angleDeg(double[] a, double[] b) {
        double c = dot(a, b) / (norm(a) * norm(b));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, c))));
    }
}
