package org.fleetstreams.braking;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every threshold of the harsh-braking detector. Defaults follow telematics practice (harsh from about 0.30 g).
 *
 * @param gravityTimeConstantS  gravity is a running mean this slow; a fast low-pass would swallow a 2–4 s brake
 * @param smoothingS            the despiked samples are averaged over this window; longer windows cut short
 *                              brakes below the minimum duration (0.5 s did, on 0.5 s brakes)
 * @param enterG                an event starts when the smoothed horizontal dynamic acceleration exceeds enterG
 * @param leaveG                and ends when it falls below leaveG (hysteresis)
 * @param minDurationS          shorter events (measured on the smoothed signal, which shortens a brake by about
 *                              the smoothing window) are dropped
 * @param mergeGapS             events closer than this are one event
 * @param minSpeedMps           only at this GPS speed or more at onset
 * @param minCalibrationPairs   GPS speed changes needed before the forward axis is trusted
 * @param minR2                 and the fit must explain this much of the GPS dv/dt (uncentred R²)
 * @param minExcitationG        and the GPS must have seen this much speed change, √Σ(dv/dt)² in g
 * @param coneDegrees           a horizontal event is a brake when it points within this angle of backward
 * @param gpsOnlyDecelMps2      the GPS-only path alerts at Δv/Δt at or below −this between valid fixes
 * @param maxFixGapS            fixes further apart than this are not used for dv/dt
 */
public record BrakingConfig(double gravityTimeConstantS, double smoothingS, double enterG, double leaveG,
                            double minDurationS, double mergeGapS, double minSpeedMps, int minCalibrationPairs,
                            double minR2, double minExcitationG, double coneDegrees, double gpsOnlyDecelMps2,
                            double maxFixGapS) {

    /** Prefix of the detector's keys in the app's {@code --config} file, e.g. {@code braking.enter.g=0.35}. */
    public static final String PREFIX = "braking.";

    public static BrakingConfig defaults() {
        return new BrakingConfig(10.0, 0.2, 0.30, 0.25, 0.3, 2.0, 5.0, 3, 0.5, 0.15, 45, 3.1, 5.0);
    }

    /**
     * The longest an alert can come after its brake ends (its {@code endTime}, which is its record timestamp), in
     * event time: the merge gap, plus the wait for a GPS fix that can confirm an event the accelerometer alone does
     * not (a phone's GPS speed lags about a second). The alert goes out with the first sample at or past that point,
     * so one sample interval (at most 0.1 s, a 10 Hz phone) is included. The summary windows' grace includes it
     * ({@code TimePolicy#summaryGrace}).
     */
    public Duration maxEmitDelay() {
        return Duration.ofMillis(Math.round((mergeGapS + BrakeDecision.FIX_WAIT_S + 0.1) * 1000));
    }

    /** The same settings with other event thresholds (for sweeps). */
    public BrakingConfig withThresholds(double enter, double leave) {
        return new BrakingConfig(gravityTimeConstantS, smoothingS, enter, leave, minDurationS, mergeGapS, minSpeedMps,
                minCalibrationPairs, minR2, minExcitationG, coneDegrees, gpsOnlyDecelMps2, maxFixGapS);
    }

    /**
     * The defaults with any {@code braking.*} keys applied: gravity.time.constant.s, smoothing.s, enter.g, leave.g,
     * min.duration.s, merge.gap.s, min.speed.mps, min.calibration.pairs, min.r2, min.excitation.g, cone.degrees,
     * gps.only.decel.mps2,
     * max.fix.gap.s. An unknown {@code braking.} key is an error, not silently ignored.
     */
    public static BrakingConfig from(Map<String, String> settings) {
        Map<String, String> b = new HashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                b.put(k.substring(PREFIX.length()), v);
            }
        });
        BrakingConfig d = defaults();
        // Each in a range that keeps the detector working: NaN compares false with everything, so a NaN threshold
        // switched alerts off without a word, and a negative or infinite merge gap broke the summaries' grace.
        BrakingConfig c = new BrakingConfig(
                num(b, "gravity.time.constant.s", d.gravityTimeConstantS, 0, false, 3600),
                num(b, "smoothing.s", d.smoothingS, 0, false, 10),
                num(b, "enter.g", d.enterG, 0, false, 10),
                num(b, "leave.g", d.leaveG, 0, true, 10),
                num(b, "min.duration.s", d.minDurationS, 0, true, 60),
                num(b, "merge.gap.s", d.mergeGapS, 0, true, 60),
                num(b, "min.speed.mps", d.minSpeedMps, 0, true, 100),
                count(b, "min.calibration.pairs", d.minCalibrationPairs, 1, 1000),
                num(b, "min.r2", d.minR2, 0, true, 1),
                num(b, "min.excitation.g", d.minExcitationG, 0, true, 10),
                num(b, "cone.degrees", d.coneDegrees, 0, false, 180),
                num(b, "gps.only.decel.mps2", d.gpsOnlyDecelMps2, 0, false, 100),
                num(b, "max.fix.gap.s", d.maxFixGapS, 0, false, 3600));
        if (!b.isEmpty()) {
            throw new IllegalArgumentException("unknown braking settings: " + b.keySet());
        }
        if (!(c.maxFixGapS * 1000 >= FixIntervals.MIN_INTERVAL_MS)) {
            // fixes closer than MIN_INTERVAL_MS do not end a GPS interval, so below it no two fixes would ever pair
            throw new IllegalArgumentException("braking.max.fix.gap.s (" + c.maxFixGapS + ") must be at least "
                    + FixIntervals.MIN_INTERVAL_MS / 1000.0 + ": fixes closer than that are not paired");
        }
        if (!(c.leaveG < c.enterG)) {
            throw new IllegalArgumentException("braking.leave.g (" + c.leaveG + ") must be below braking.enter.g ("
                    + c.enterG + ")");
        }
        return c;
    }

    /** The value of {@code key}, a number from {@code min} (itself allowed if {@code minAllowed}) to {@code max}. */
    private static double num(Map<String, String> b, String key, double fallback, double min, boolean minAllowed,
                              double max) {
        String v = b.remove(key);
        if (v == null) {
            return fallback;
        }
        double x;
        try {
            x = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!((minAllowed ? x >= min : x > min) && x <= max)) { // NaN and the infinities fail it too
            throw new IllegalArgumentException(String.format(Locale.ROOT, "braking.%s must be a number %s %s and at"
                    + " most %s, was '%s'", key, minAllowed ? "from" : "above", plain(min), plain(max), v));
        }
        return x;
    }

    private static int count(Map<String, String> b, String key, int fallback, int min, int max) {
        String v = b.remove(key);
        if (v == null) {
            return fallback;
        }
        try {
            int x = Integer.parseInt(v.strip());
            if (x >= min && x <= max) {
                return x;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("braking." + key + " must be a whole number from " + min + " to " + max
                + ", was '" + v + "'");
    }

    private static String plain(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
