package org.fleetstreams.braking;

/**
 * How fast the car is, from a GPS speed that describes it about a lag ago: the speed gate at an event's onset, the
 * onset speed the GPS evidence is measured from, and the speed an event can have left. Pure functions of the state.
 */
final class SpeedEstimate {

    private static final double G = BrakingDetector.G;

    private SpeedEstimate() {
    }

    /**
     * Is the car at {@code minSpeedMps} or more? The last GPS speed describes the car about a lag ago; the speed now
     * is extrapolated along the last GPS trend (for at most {@value #EXTRAPOLATE_S} s),
     * or, on a fitted or provisional axis, by integrating the acceleration along it since that moment (taken at least
     * the typical lag before the fix: {@link #assumedLagMs}). A speed older than {@link #staleMs} counts only
     * as far as the accelerometer vouches for it: the car can be no slower than that speed less |∫ a dt| since (on a
     * fitted or provisional axis, less the backward part of ∫ a dt along it); one
     * older than {@link #unvouchedMs} not at all.
     */
    static boolean fastEnough(DetectorState s, long t, BrakingConfig config) {
        double minSpeedMps = config.minSpeedMps();
        if (minSpeedMps <= 0) {
            return true; // no speed gate: whatever the GPS says, or if it says nothing
        }
        FixTrack x = s.fixes;
        if (Double.isNaN(x.knownSpeed)) {
            return false;
        }
        double horizon = Math.min(EXTRAPOLATE_S, (t - x.knownSpeedTime + assumedLagMs(s)) / 1000.0);
        // Either sign: a car the GPS saw slowing is slower now (a brake to a stop, then the phone picked up).
        double speed = x.knownSpeed + x.trend * horizon;
        if ((s.axis.source == ForwardAxis.CALIBRATED || s.axis.source == ForwardAxis.PROVISIONAL) && x.trend >= 0) {
            // Dead reckoning on the axis since the moment the last GPS speed describes (a few seconds at most), for a
            // car the GPS under-reads while it gains speed. A provisional axis too: after a stop it is the direction
            // the car pulled away in, and a fix during the pull-away (the car a lag ago) ends the watch that counted
            // the speed gained (StopAndGoTest). Not for one it saw slowing: after a brake to a stop,
            // a phone picked up reads as forward acceleration along the axis and would reopen the gate.
            speed = Math.max(speed, x.knownSpeed + G * Vectors.dot(s.fits.sinceLastSpeed(), s.axis.forward));
        }
        long age = t - x.knownSpeedTime;
        if (age > unvouchedMs(config)) {
            return s.gravity.watch.pulledMps >= minSpeedMps;
        }
        if (age > staleMs(config)) {
            // An old speed (a tunnel: no fix, or fixes without a speed) says only how fast the car was: since then it
            // can have lost at most what the accelerometer has measured, |∫ a dt|, whatever the axis. A car that
            // slowed from 15 m/s to a crawl has measured most of it; one still cruising, next to nothing. On a fitted
            // or provisional axis only the backward part along it: a turn's sideways acceleration (a 90° turn at
            // 15 m/s integrates to 23 m/s) changes the direction, not the speed.
            double[] since = s.fits.sinceLastSpeed();
            boolean onAxis = s.axis.source == ForwardAxis.CALIBRATED || s.axis.source == ForwardAxis.PROVISIONAL;
            double lost = onAxis ? Math.max(0, -Vectors.dot(since, s.axis.forward)) : Vectors.norm(since);
            speed = Math.min(speed, x.knownSpeed - G * lost);
        }
        return Math.max(speed, s.gravity.watch.pulledMps) >= minSpeedMps;
    }

    /**
     * A GPS speed older than this (ms; the longest interval the fixes are paired over, {@code max.fix.gap.s}, 5 s by
     * default) is checked against the acceleration measured since.
     */
    static long staleMs(BrakingConfig config) {
        return Math.round(config.maxFixGapS() * 1000);
    }

    /**
     * A GPS speed older than this (ms) is not a speed now: the gravity estimate (a running mean over
     * {@code gravity.time.constant.s}, 10 s by default, not held without the GPS) takes in a long, gentle slowing, so
     * the acceleration measured since no longer tells what the car lost. An event then opens only as one whose speed a
     * later fix must confirm ({@link #mayBeFast}, {@link BrakeDecision#verifySpeed}).
     */
    static long unvouchedMs(BrakingConfig config) {
        return Math.round(config.gravityTimeConstantS() * 1000);
    }

    /**
     * The speed the car can have left if the ended event was braking: the speed at its onset less the mean horizontal
     * deceleration times its length.
     */
    static double speedLeft(DetectorState s) {
        BrakeEvent e = s.event;
        return e.speedBefore - G * e.meanH() * (e.end - e.start) / 1000.0;
    }

    /**
     * The speed at an event's onset: the last GPS speed describes the car about a lag earlier, so it is carried
     * forward along the last GPS trend, either sign, for at most {@value #EXTRAPOLATE_S} s. The GPS evidence compares
     * later speeds with it: without this, a brake that ends a pull-away looks like no speed lost (the car was still
     * gaining when the last speed was taken), and a mild brake that follows a slowing looks like more than it is.
     */
    static double onsetSpeed(DetectorState s, long t) {
        FixTrack x = s.fixes;
        double horizon = Math.min(EXTRAPOLATE_S, (t - x.knownSpeedTime + assumedLagMs(s)) / 1000.0);
        // A car the GPS still reports standing has gained what it pulled away with (PullAwayWatch#pulledMps).
        return Math.max(Math.max(0, x.knownSpeed + x.trend * horizon), s.gravity.watch.pulledMps);
    }

    /**
     * Could the car have reached the minimum speed since the moment the last GPS speed describes, accelerating at
     * {@value #MAX_PULL_AWAY_G} g (more than a car pulls away with)? With fixes up to 4 s apart and a 1 s lag, a car
     * that pulled away after the last fix is already at 6 m/s or more, and a brake right then is otherwise missed.
     * Such an event needs a fix that describes its onset ({@link BrakeDecision#verifySpeed}).
     */
    static boolean mayBeFast(DetectorState s, long t, double minSpeedMps) {
        FixTrack x = s.fixes;
        double age = (t - x.knownSpeedTime + s.axis.lagOrDefault()) / 1000.0;
        return !Double.isNaN(x.knownSpeed) && x.trend >= 0 && x.knownSpeed + MAX_PULL_AWAY_G * G * age >= minSpeedMps;
    }

    /**
     * The GPS lag the speed is carried forward over: at least the typical phone lag, as the GPS evidence assumes
     * ({@link BrakeDecision#confirm}). The fitted lag is weakly determined (a steady pull-away looks the same at any
     * lag), and a fit of 0.5 s on a phone whose speed is a second old left a car pulling away at 4.8 m/s by the
     * estimate, 6 m/s in fact, when it braked.
     */
    static long assumedLagMs(DetectorState s) {
        return Math.max(s.axis.lagOrDefault(), ForwardAxis.DEFAULT_LAG_MS);
    }

    static final double MAX_PULL_AWAY_G = 0.4;

    /** Longest extrapolation of a rising GPS speed (seconds). */
    static final double EXTRAPOLATE_S = 2.5;
}
