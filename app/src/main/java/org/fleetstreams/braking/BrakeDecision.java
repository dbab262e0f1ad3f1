package org.fleetstreams.braking;

/**
 * Whether an ended event is a brake: the accelerometer on a trusted axis, the GPS speed drop (with the GPS lag
 * allowed for) where the axis cannot be trusted or disagrees, and how long an event may wait for that evidence.
 */
final class BrakeDecision {

    private final BrakingConfig config;
    private final double coneCos;

    BrakingConfig config() {
        return config;
    }

    BrakeDecision(BrakingConfig config) {
        this.config = config;
        this.coneCos = Math.cos(Math.toRadians(config.coneDegrees()));
    }

    /**
     * GPS evidence for the open event: this fix reports the speed of about {@code lag} ago. Once that moment is at
     * least {@value #CONFIRM_AFTER_MS} ms into the event, the speed lost since the fix before the event is compared
     * with what the event's horizontal acceleration implies over the time the fix can have seen.
     */
    void confirm(DetectorState s, long t, double speed) {
        BrakeEvent e = s.event;
        boolean open = e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED
                || (e.phase == BrakeEvent.REORIENTING && e.suspended);
        if (!open || Double.isNaN(e.speedBefore) || e.count == 0) {
            return;
        }
        // The lag the fit reports is weakly determined (a steady pull-away looks the same at any lag), so the
        // evidence assumes at least the typical phone lag: a lag assumed too long only delays the evidence.
        long seen = t - Math.max(s.axis.lagOrDefault(), ForwardAxis.DEFAULT_LAG_MS) - e.start;
        if (seen < CONFIRM_AFTER_MS) {
            return;
        }
        long braking = (e.phase == BrakeEvent.ENDED ? e.end : s.lastSampleTime) - e.start;
        double implied = e.meanH() * BrakingDetector.G * Math.min(seen, Math.max(braking, CONFIRM_AFTER_MS)) / 1000.0;
        if (seen > braking && e.phase == BrakeEvent.ENDED) {
            // The fix describes the car after the event: it may have gained speed since (a brake, then pulling away
            // again). What the accelerometer says it lost up to that moment, along the event's direction, is the
            // comparison; if that is small, the fix says nothing either way.
            double[] back = Vectors.horizontalUnit(e.h, Vectors.unit(e.g0));
            double[] now = s.fits.integralAt(e.start + seen);
            double[] d = {now[0] - e.integralAtStart[0], now[1] - e.integralAtStart[1], now[2] - e.integralAtStart[2]};
            double net = back == null ? implied : BrakingDetector.G * Vectors.dot(d, back);
            if (net < GPS_CONFIRM_MPS) {
                return;
            }
            implied = Math.min(implied, net);
        }
        long active = seen - e.gapMs;
        if (active >= GPS_MEASURES_MS && seen <= braking && (e.gapMs == 0 || e.start + seen >= e.segmentStart)) {
            // Only a speed from inside the event measures it: after its end the car may brake on gently (a mild
            // brake's tail) or speed up again, and either would be charged to the event. Two brakes merged across a
            // coast (EventSteps: the reading near 0) are measured over their braking only, from a speed inside the
            // last part: the coast is no part of the deceleration (two 0.45 g × 1 s brakes 1.9 s apart average
            // 0.23 g). A brake that only dipped under leaveG is measured over all of it, dip included.
            e.gpsDecel = (e.speedBefore - speed) / (BrakingDetector.G * active / 1000.0);
        }
        double share = (e.speedBefore - speed) / implied;
        if (Double.isNaN(e.confirmed) || share > e.confirmed) {
            e.confirmed = share;
            e.drop = e.speedBefore - speed;
        }
    }

    /**
     * For an event that began without a known speed: a fix describing a moment up to {@value #VERIFY_WITHIN_MS} ms
     * after its onset (the speed then, plus what the event can have taken off since) or before it (plus the rising
     * GPS trend up to the onset) tells whether the car was at the minimum speed. A standing car never is.
     */
    void verifySpeed(DetectorState s, long t, double speed) {
        BrakeEvent e = s.event;
        boolean open = e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED;
        if (!open || e.speedKnown || speed < GravityEstimate.STANDING_MPS) {
            return;
        }
        long described = t - Math.max(s.axis.lagOrDefault(), ForwardAxis.DEFAULT_LAG_MS);
        if (described - e.start > VERIFY_WITHIN_MS) {
            return;
        }
        double onset = described >= e.start ? speed + BrakingDetector.G * e.meanH() * (described - e.start) / 1000.0
                : speed + Math.max(0, s.fixes.trend) * Math.min(SpeedEstimate.EXTRAPOLATE_S, (e.start - described) / 1000.0);
        if (onset >= config.minSpeedMps()) {
            e.speedKnown = true;
            e.speedBefore = onset;
        }
    }

    /**
     * An event whose speed came from a pull-away the accelerometer watched ({@link PullAwayWatch}) while
     * a fix within {@value #VERIFY_WITHIN_MS} ms of its onset still says standing: the GPS speed describes the car
     * at that moment or before, and no car at the minimum speed stands that soon after. The "pull-away" was the
     * phone moving at the stop; the event's speed is not known.
     */
    void contradictPullAway(DetectorState s, long t, double speed) {
        BrakeEvent e = s.event;
        boolean open = e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED;
        if (open && s.gravity.watch.pulling && e.start >= s.gravity.watch.pullingSince && speed < GravityEstimate.STANDING_MPS
                && t - e.start <= VERIFY_WITHIN_MS) {
            e.speedKnown = false;
            e.speedBefore = speed;
        }
    }

    /**
     * The gravity-error check ({@link GravityErrorCheck}) for an ended event, from the first fix that describes a
     * moment after its end whatever the lag (up to {@link GravityEstimate#MAX_LAG_MS}), over the interval from the
     * fix before it, if that is {@value #OFFSET_MIN_MS}–{@value #OFFSET_MAX_MS} ms long (two speeds' noise over 2 s
     * is about 0.015 g; over longer intervals more than the event is averaged in).
     */
    void measureOffset(DetectorState s, long t, double speed) {
        BrakeEvent e = s.event;
        long interval = t - e.preFixTime;
        boolean open = e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED;
        if (!open || e.preFixTime == Long.MIN_VALUE || t <= e.start || interval < OFFSET_MIN_MS || interval > OFFSET_MAX_MS) {
            return;
        }
        double[] up = Vectors.unit(e.g0);
        double[] f = e.calibrated ? AxisCalibration.forward(s, up) : null;
        double[] back = f != null ? new double[] {-f[0], -f[1], -f[2]} : Vectors.horizontalUnit(e.h, up);
        if (back == null) {
            return;
        }
        e.offset = s.check.offset(e.preFix, e.preFixTime, e.preFixSpeed, t, speed, back, e.g0, s.fits.plausibleLags());
    }

    static final long OFFSET_MIN_MS = 2_000;
    static final long OFFSET_MAX_MS = 10_000;

    /** How far into an event a fix may describe and still tell its onset speed (ms). */
    static final long VERIFY_WITHIN_MS = 500;

    static boolean rotation(BrakeEvent e) {
        return -e.sumVertical > BrakingDetector.ROTATION_RATIO * e.sumHalfH2;
    }

    /**
     * Is the ended event a brake? Never a rotation. The accelerometer alone says so on a trusted axis: fitted
     * throughout, the event must point within the cone around backward and its deceleration along the axis must
     * reach enterG; fitted since, the same with the horizontal peak projected on it. The GPS says so when the
     * lag-corrected speed drop confirms at least {@value #GPS_CONFIRM_SHARE} of the speed the event implies lost
     * ({@value #GPS_RESCUE_SHARE} against a fitted axis that disagrees: a first fit can be off). An event that looked
     * like the phone turning but left gravity where it was needs the GPS. Without any fix on an untrusted axis (the
     * −z fallback, or an axis carried over a handling), the cone test on the axis in use decides. Without a horizontal
     * axis at all ({@code f} null: the fallback on a phone lying flat), the GPS alone.
     */
    boolean isBrake(DetectorState s, double[] f) {
        BrakeEvent e = s.event;
        if (Vectors.norm(e.h) == 0 || (rotation(e) && !e.suspended && !e.flat)) {
            return false;
        }
        if (e.held < config.enterG()) {
            return false; // the reading never held enterG: a jolt on a milder brake, or its noise (HeldLevel)
        }
        if (!Double.isNaN(e.gpsDecel) && e.gpsDecel < config.leaveG()) {
            return false; // a sustained deceleration the GPS measured below the leave threshold: a gravity error made it look harsh
        }
        if (f == null) {
            // No horizontal axis to read along: the −z fallback of a phone lying flat (the commonest place for one)
            // points at the ground. The event is horizontal and no rotation; whether it lost speed, only the GPS says.
            return gpsSays(s);
        }
        if (accelerometerSays(s, f)) {
            return true;
        }
        boolean trusted = e.calibrated || s.axis.source == ForwardAxis.CALIBRATED;
        if (gpsSays(s) && !(trusted && !e.suspended && cos(e, f) >= coneCos)) {
            return true; // (a trusted axis that agrees on the direction has had its say on the size)
        }
        if (e.suspended && trusted && axisSays(s, f) && !Double.isNaN(e.confirmed) && e.confirmed >= GPS_CONFIRM_SHARE
                && e.drop >= GPS_CONFIRM_MPS) {
            // It looked like the phone turning, but gravity ended where it was: the phone did not turn, and the trusted
            // axis, which agrees on direction and size, stands, once the GPS confirms the speed loss as it would on an
            // untrusted axis. (The rescue share is for a fitted axis that disagrees.)
            return true;
        }
        // Untrusted axis, GPS short of confirming: the axis in use decides unless the GPS contradicts it.
        boolean contradicted = !Double.isNaN(e.confirmed) && e.drop < GPS_NOT_CONTRADICTED_MPS;
        return !trusted && !e.suspended && !contradicted && cos(e, f) >= coneCos;
    }

    private boolean accelerometerSays(DetectorState s, double[] f) {
        return !s.event.suspended && axisSays(s, f);
    }

    /** The reading along the axis in use points within the cone of backward and reaches enterG, less any over-read. */
    private boolean axisSays(DetectorState s, double[] f) {
        BrakeEvent e = s.event;
        // Less what the GPS says the reading over-read along the axis (a gravity error), if it did: across the event
        // (a fix after it), or over the last interval between fixes before it, on the road and gravity it began on.
        double overRead = Math.max(0, Math.max(Double.isNaN(e.offset) ? 0 : e.offset, preOffset(s, f)));
        if (onAxis(e, f)) {
            return cos(e, f) >= coneCos && e.peakLon - overRead >= config.enterG();
        }
        // Fitted since the event began, or fitted throughout and moved since: the horizontal peak projected on it.
        return (e.calibrated || s.axis.source == ForwardAxis.CALIBRATED) && cos(e, f) >= coneCos
                && e.peakH * cos(e, f) - overRead >= config.enterG();
    }

    /**
     * What the reading over-read along the axis {@code f} over the last interval between fixes that ended before the
     * event ({@link GravityErrorCheck#preOffset}), against the gravity the event is read against; 0 if unknown. The
     * gravity error is an offset that does not wait for the brake: a gravity estimate that took in part of a long,
     * gentle acceleration the GPS called steady, or a grade left behind, shows before the onset as a reading the GPS
     * speeds do not bear out, and a fix after the event often comes too late for the decision.
     */
    static double preOffset(DetectorState s, double[] f) {
        BrakeEvent e = s.event;
        double v = GravityErrorCheck.preOffset(e.preMean, e.preGpsDecel, new double[] {-f[0], -f[1], -f[2]}, e.g0,
                s.fits.plausibleLags());
        return Double.isNaN(v) ? 0 : v;
    }

    /**
     * The event's along-axis figures describe the axis in use: it was fitted throughout the event and has not moved
     * since by more than {@value #AXIS_MOVED_DEG}° (a fix after the event, the brake itself a strong pair, can refit
     * it, even turn it round). Otherwise the horizontal peak is projected on the axis in use, as for an axis fitted
     * since the event began.
     */
    static boolean onAxis(BrakeEvent e, double[] f) {
        return e.calibrated && f != null && Vectors.norm(e.forward) > 0 && Vectors.angleDeg(e.forward, f) <= AXIS_MOVED_DEG;
    }

    static final double AXIS_MOVED_DEG = 15;

    /** The event points within the cone around backward of the axis {@code f}. */
    boolean withinCone(BrakeEvent e, double[] f) {
        return f != null && Vectors.norm(e.h) > 0 && cos(e, f) >= coneCos;
    }

    private static boolean gpsSays(DetectorState s) {
        BrakeEvent e = s.event;
        boolean trusted = e.calibrated || s.axis.source == ForwardAxis.CALIBRATED;
        return !Double.isNaN(e.confirmed) && e.confirmed >= (trusted ? GPS_RESCUE_SHARE : GPS_CONFIRM_SHARE)
                && e.drop >= (trusted ? GPS_RESCUE_MPS : GPS_CONFIRM_MPS);
    }

    private static double cos(BrakeEvent e, double[] f) {
        return -Vectors.dot(e.h, f) / Vectors.norm(e.h);
    }

    /** Share of the implied speed loss a lag-corrected fix must confirm, when the axis cannot be trusted. */
    static final double GPS_CONFIRM_SHARE = 0.3;
    /** The least speed drop (m/s) that confirms, or rescues, well above the noise of two GPS speeds (~0.3 m/s). */
    static final double GPS_CONFIRM_MPS = 1.0;
    static final double GPS_RESCUE_MPS = 2.5;
    /** A drop of at least this (m/s), if short of confirming, does not contradict the axis in use either. */
    static final double GPS_NOT_CONTRADICTED_MPS = 0.5;
    /** Share that makes an event a brake even when a fitted axis disagrees. */
    static final double GPS_RESCUE_SHARE = 0.5;
    /** A fix counts as evidence once the moment it describes is this far into the event (ms). */
    static final long CONFIRM_AFTER_MS = 400;
    /**
     * Over this much of an event (ms) the GPS speeds measure its mean deceleration well enough to overrule the
     * accelerometer on the size: two speeds with ~0.3 m/s of noise and a lag known to ~0.3 s put ±0.02 g on a 2 s
     * mean, while a gravity estimate a few degrees off (a grade that changed since it was learned) puts 0.05–0.09 g
     * on the accelerometer. Shorter stretches are left to the accelerometer.
     */
    static final long GPS_MEASURES_MS = 2_000;

    /** How long past the merge gap an event on an untrusted axis waits for that fix (seconds). */
    static final double FIX_WAIT_S = 1.0;

    /** An event the accelerometer alone does not make a brake waits a little past the merge gap for the GPS. */
    boolean awaitingFix(DetectorState s, double[] f, long t) {
        boolean undecided = !s.event.speedKnown || !gpsSays(s) && (f == null || !accelerometerSays(s, f));
        return undecided && (t - s.event.end) / 1000.0 < config.mergeGapS() + FIX_WAIT_S;
    }
}
