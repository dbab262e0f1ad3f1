package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * The sample clean-up, whatever the sample rate: a per-axis median of the last five samples (removes a jolt of one or
 * two samples; of three, or none, on a phone that samples every 0.15 or 0.3 s or slower) and an exponential mean with a
 * time constant, not a count of samples (a 50 Hz window of ten samples is a whole second on a 10 Hz phone).
 */
final class SampleFilter {

    static final double THREE_AFTER_S = 0.15;
    static final double ONE_AFTER_S = 0.3;

    private double[] ring = new double[15];
    private int count;
    private int pos;
    private double[] smooth = new double[3];
    private boolean smoothing;
    /** The interval before the last sample (seconds; 0 at the start). */
    private double lastDt;

    /** Adds a raw sample; returns the per-axis median of the last five (fewer at the start). */
    double[] despike(double x, double y, double z) {
        return despike(x, y, z, 0);
    }

    /**
     * Adds a raw sample {@code dt} seconds after the previous one; returns the per-axis median of the last five (fewer
     * at the start), of the last three when this and the previous interval are both {@value #THREE_AFTER_S} s or
     * longer, and the sample itself when both are {@value #ONE_AFTER_S} s or longer. Five samples span 80 ms at 50 Hz
     * and 0.4 s at 10 Hz, but 0.8 s at 5 Hz and 2 s at 2 Hz: there the median removed whole brakes and delayed the rest
     * by two samples (PHYSICS at 2 Hz: recall 0.03). A jolt is 10-20 ms long; below 4 Hz a sample is as likely to catch
     * one as a median to remove it.
     */
    double[] despike(double x, double y, double z, double dt) {
        // The phone's rate, not a gap: a 50 Hz phone's first sample after a pause (the BDD data has about one a
        // second in each ride) is despiked as before; only two long intervals in a row count as a slow phone.
        double spacing = Math.min(dt, lastDt);
        lastDt = dt;
        int cap = ring.length / 3;
        ring[3 * pos] = x;
        ring[3 * pos + 1] = y;
        ring[3 * pos + 2] = z;
        pos = (pos + 1) % cap;
        count = Math.min(cap, count + 1);
        if (spacing >= ONE_AFTER_S) {
            return new double[] {x, y, z};
        }
        double[] out = new double[3];
        if (spacing >= THREE_AFTER_S && count >= 3) {
            int a = 3 * ((pos + cap - 1) % cap);
            int b = 3 * ((pos + cap - 2) % cap);
            int c = 3 * ((pos + cap - 3) % cap);
            for (int axis = 0; axis < 3; axis++) {
                out[axis] = median3(ring[a + axis], ring[b + axis], ring[c + axis]);
            }
            return out;
        }
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
        b.putDouble(lastDt);
    }

    static SampleFilter read(ByteBuffer b) {
        SampleFilter f = new SampleFilter();
        f.ring = StoreFormat.getArray(b);
        f.count = b.getInt();
        f.pos = b.getInt();
        f.smooth = StoreFormat.getArray(b);
        f.smoothing = b.get() != 0;
        f.lastDt = b.getDouble();
        return f;
    }
}
