package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * The sample clean-up, whatever the sample rate: a per-axis median of the last five samples (removes a jolt of one
 * or two samples) and an exponential mean with a time constant, not a count of samples (a 50 Hz window of ten
 * samples is a whole second on a 10 Hz phone).
 */
final class SampleFilter {

    private double[] ring = new double[15];
    private int count;
    private int pos;
    private double[] smooth = new double[3];
    private boolean smoothing;

    /** Adds a raw sample; returns the per-axis median of the last five (fewer at the start). */
    double[] despike(double x, double y, double z) {
        int cap = ring.length / 3;
        ring[3 * pos] = x;
        ring[3 * pos + 1] = y;
        ring[3 * pos + 2] = z;
        pos = (pos + 1) % cap;
        count = Math.min(cap, count + 1);
        double[] out = new double[3];
        for (int axis = 0; axis < 3; axis++) {
            out[axis] = switch (count) {
                case 1 -> ring[axis];
                case 2 -> (ring[axis] + ring[3 + axis]) / 2;
                case 3 -> median3(ring[axis], ring[3 + axis], ring[6 + axis]);
                case 4 -> middleTwoMean(ring[axis], ring[3 + axis], ring[6 + axis], ring[9 + axis]);
                default -> median5(ring[axis], ring[3 + axis], ring[6 + axis], ring[9 + axis], ring[12 + axis]);
            };
        }
        return out;
    }

    /**
     * The median of three, as {@link #median5} takes it. A ride's first four samples had been sorted with
     * {@code Arrays.sort}: 2.7 % of the stream thread's JFR samples (fleet 150) for 0.6 % of the calls.
     */
    static double median3(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** The mean of the middle two of four (the median of an even count, as a sort would give it). */
    static double middleTwoMean(double a, double b, double c, double d) {
        double low = Math.max(Math.min(a, b), Math.min(c, d));
        double high = Math.min(Math.max(a, b), Math.max(c, d));
        return (low + high) / 2;
    }

    /**
     * The median of five without sorting (sorting three arrays per 50 Hz sample was 3 % of the app's stream thread):
     * the median of {@code e} and the middle two of the other four, which are the larger of the pairs' minima and
     * the smaller of their maxima. {@code Math.min} and {@code max} order -0.0 below 0.0, as {@code Arrays.sort} does.
     */
    static double median5(double a, double b, double c, double d, double e) {
        double low = Math.max(Math.min(a, b), Math.min(c, d));
        double high = Math.min(Math.max(a, b), Math.max(c, d));
        return Math.max(Math.min(low, high), Math.min(Math.max(low, high), e));
    }

    /**
     * Adds a despiked sample {@code dt} seconds after the previous one to the exponential mean with time constant
     * {@code tauS} (half of a box window of the same delay and noise); returns the mean.
     */
    double[] mean(double[] r, double dt, double tauS) {
        if (!smoothing) {
            smoothing = true;
            smooth = r.clone();
        } else {
            double alpha = 1 - Math.exp(-Math.max(0, dt) / tauS);
            for (int i = 0; i < 3; i++) {
                smooth[i] += alpha * (r[i] - smooth[i]);
            }
        }
        return smooth.clone();
    }

    /** The current mean (diagnostics). */
    double[] lastMean() {
        return smooth.clone();
    }

    void write(ByteBuffer b) {
        StoreFormat.putArray(b, ring);
        b.putInt(count).putInt(pos);
        StoreFormat.putArray(b, smooth);
        b.put((byte) (smoothing ? 1 : 0));
    }

    static SampleFilter read(ByteBuffer b) {
        SampleFilter f = new SampleFilter();
        f.ring = StoreFormat.getArray(b);
        f.count = b.getInt();
        f.pos = b.getInt();
        f.smooth = StoreFormat.getArray(b);
        f.smoothing = b.get() != 0;
        return f;
    }
}
