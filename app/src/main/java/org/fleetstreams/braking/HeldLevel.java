package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.fleetstreams.state.StoreFormat;

/**
 * The level the horizontal reading holds: the median of the raw samples' horizontal dynamic acceleration over the last
 * {@code min.duration.s} (0.3 s), less twice the median's standard error for the phone's noise. A brake is a
 * deceleration the car holds: over 0.3 s of a 0.35 g brake most readings are about 0.35 g. A jolt (a pothole, the
 * phone knocked) lasts from tens of milliseconds to about a tenth of a second: it lifts the smoothed reading over
 * {@code enter.g} for 0.3 s and more (the smoothing spreads it, and the despike removes two samples at most), but it
 * is under half of the window, and the median does not see it. The noise of a car's vibration (0.05 g per axis)
 * lifts the median of some 0.3 s of a 0.27 g brake to 0.30 g now and then; the noise is measured before the event
 * from the sample-to-sample change of the horizontal reading (a brake changes it slowly, the noise at every sample)
 * and twice the median's standard error is taken off: about 0.03 g at that noise on a 50 Hz phone, under 0.01 g on a
 * quiet one.
 */
final class HeldLevel {

    /** Readings kept: 0.3 s at up to 100 Hz (at a longer {@code min.duration.s}, fewer than the window). */
    static final int CAPACITY = 32;
    /** Time constant of the noise estimate (seconds). */
    static final double NOISE_TAU_S = 2.0;
    /** How many standard errors of the median the level held must clear. */
    static final double STANDARD_ERRORS = 2;
    /** The fewest readings the level is taken over, however short the window is at the phone's rate. */
    static final int MIN_READINGS = 5;
    /** How far back those readings may reach (ms): 5 readings at 5 Hz. */
    static final long MAX_SPAN_MS = 1_000;

    private float[] values = new float[CAPACITY]; // as stored: a state read back decides as the one written
    private long[] times = new long[CAPACITY];
    private int count;
    private int pos;
    /** The horizontal reading of the last sample (phone frame, g) and the running mean of its change per sample. */
    private double[] last = new double[3];
    private double meanChange;
    /** The same before the last sample: an event opens on a sample whose change is the brake's onset, not noise. */
    private double meanChangeBefore;
    private final double[] scratch = new double[CAPACITY];

    /**
     * Adds a sample's horizontal dynamic acceleration {@code h} (g) taken {@code dt} s after the previous one; the noise
     * is learnt only while {@code learn} (no event open: the brake is no part of the phone's noise).
     */
    void add(long t, double[] h, double dt, boolean learn) {
        meanChangeBefore = meanChange;
        if (learn && count > 0 && dt > 0) {
            double change = Math.sqrt(sq(h[0] - last[0]) + sq(h[1] - last[1]) + sq(h[2] - last[2]));
            meanChange += (1 - Math.exp(-dt / NOISE_TAU_S)) * (Math.min(change, 1) - meanChange);
        }
        System.arraycopy(h, 0, last, 0, 3);
        values[pos] = (float) Vectors.norm(h);
        times[pos] = t;
        pos = (pos + 1) % CAPACITY;
        count = Math.min(CAPACITY, count + 1);
    }

    private static double sq(double x) {
        return x * x;
    }

    /**
     * The per-axis noise (g) up to the sample before the last: two independent horizontal components of σ change by
     * σ·√π per sample on average.
     */
    double noise() {
        return meanChangeBefore / Math.sqrt(Math.PI);
    }

    /**
     * The median of the levels of the last {@code windowS} s up to {@code t} (the last one at least), less its noise.
     * At least the last {@value #MIN_READINGS} readings of the last {@value #MAX_SPAN_MS} ms: on a slow phone 0.3 s
     * holds 3 readings (10 Hz) or 2 (5 Hz), so the noise penalty grew to about 0.07 g (a 0.40 g brake missed) and one
     * jolt reading was half the median.
     */
    double held(long t, double windowS) {
        long from = t - Math.round(windowS * 1000);
        long oldest = t - Math.max(Math.round(windowS * 1000), MAX_SPAN_MS);
        int n = 0;
        for (int i = 1; i <= count; i++) {
            int k = (pos - i + CAPACITY) % CAPACITY;
            if (i > 1 && times[k] <= from && (i > MIN_READINGS || times[k] <= oldest)) {
                break;
            }
            scratch[n++] = values[k];
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(scratch, 0, n);
        double median = n % 2 == 1 ? scratch[n / 2] : (scratch[n / 2 - 1] + scratch[n / 2]) / 2;
        // the median of n readings of noise σ has a standard error of about 1.25 σ / √n
        return median - STANDARD_ERRORS * 1.25 * noise() / Math.sqrt(n);
    }

    /** Levels as floats and times as ages before the newest (ms): about 300 bytes of the ride's state. */
    void write(ByteBuffer b) {
        long newest = count == 0 ? 0 : times[(pos - 1 + CAPACITY) % CAPACITY];
        b.putInt(count).putInt(pos).putLong(newest).putDouble(meanChange).putDouble(meanChangeBefore);
        StoreFormat.putArray(b, last);
        for (int i = 0; i < CAPACITY; i++) {
            b.putFloat(values[i]).putInt((int) Math.min(Integer.MAX_VALUE, Math.max(0, newest - times[i])));
        }
    }

    static HeldLevel read(ByteBuffer b) {
        HeldLevel h = new HeldLevel();
        h.count = b.getInt();
        h.pos = b.getInt();
        long newest = b.getLong();
        h.meanChange = b.getDouble();
        h.meanChangeBefore = b.getDouble();
        h.last = StoreFormat.getArray(b);
        for (int i = 0; i < CAPACITY; i++) {
            h.values[i] = b.getFloat();
            h.times[i] = newest - b.getInt();
        }
        return h;
    }
}
