package org.fleetstreams.braking;

import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;

/**
 * The harsh-braking detector: pure functions over one ride's {@link DetectorState}, fed in event-time order.
 *
 * <ol>
 *   <li><b>Clean-up.</b> Each axis is despiked (median of five samples: a 10–20 ms pothole jolt disappears) and
 *       averaged over {@code smoothingS}.</li>
 *   <li><b>Gravity</b> is a slow running mean of the samples. It is frozen during an event and while the last GPS
 *       interval showed the car changing speed; otherwise a 10 s pull-away would be absorbed into "gravity".
 *       Dynamic acceleration = sample − gravity, split into a vertical and a horizontal part.</li>
 *   <li><b>Events</b> start when the horizontal dynamic acceleration exceeds {@code enterG} at GPS speed ≥
 *       {@code minSpeedMps}, whatever its direction. This needs no forward axis. They end below {@code leaveG} and
 *       merge when less than {@code mergeGapS} apart.</li>
 *   <li><b>Handling is not braking.</b> Turning the phone by θ moves the reading around a sphere: its vertical
 *       dynamic part becomes −(1 − cos θ) ≈ −|h|²/2, while braking leaves it at ≈ 0. When the event's ratio
 *       −Σvertical / Σ(|h|²/2) passes {@value #ROTATION_RATIO}, the phone is being moved. The event is dropped.
 *       Gravity follows quickly until the reading is steady again, the forward axis is turned along with gravity
 *       and marked stale, and the axis fit starts over.</li>
 *   <li><b>Direction.</b> An event is a brake when its mean horizontal vector points within {@code coneDegrees} of
 *       backward. Forward is fitted online: GPS dv/dt between fixes (in g) regressed on the mean dynamic
 *       acceleration over the same interval ({@link AxisFit}). Until that fit is good, the phone's −z axis is used:
 *       a phone filming the road (the BDD set-up) points its back camera forward.</li>
 *   <li><b>GPS-only path</b>: Δv/Δt ≤ −gpsOnlyDecel between valid fixes alerts on its own when no accelerometer
 *       event covers it.</li>
 * </ol>
 */
public final class BrakingDetector {

    static final double G = 9.80665;

    /** Above this ratio of −Σvertical to Σ|h|²/2 an event is a rotation of the phone (1 for a pure rotation, 0 for braking). */
    static final double ROTATION_RATIO = 0.5;
    /** An event is checked for rotation once it has lasted this long (seconds). */
    static final double ROTATION_CHECK_S = 0.5;
    /** No brake lasts longer: gravity must have moved (seconds). */
    static final double MAX_EVENT_S = 8;
    /** While the phone moves, gravity follows with this time constant (seconds)… */
    static final double FAST_GRAVITY_S = 0.3;
    /** …until the smoothed reading stays within this distance of it (g) for {@link #STEADY_S} seconds. */
    static final double STEADY_G = 0.05;
    static final double STEADY_S = 1.0;
    /** A GPS interval with |dv/dt| below this (m/s²) is steady driving, when gravity may be updated. */
    static final double GPS_STEADY_MPS2 = 0.3;
    /** Gravity is frozen for at most this long in a row (seconds). */
    static final double MAX_FREEZE_S = 15;

    private static final double[] FALLBACK_FORWARD = {0, 0, -1};

    private final BrakingConfig config;
    private final double coneCos;

    public BrakingDetector(BrakingConfig config) {
        this.config = config;
        this.coneCos = Math.cos(Math.toRadians(config.coneDegrees()));
    }

    /** Feeds one accelerometer sample; returns the alerts it completes (usually none). */
    public List<BrakingOutput> onSample(DetectorState s, AccelerationSample a) {
        long t = a.eventTime();
        if (s.started && t < s.lastSampleTime) {
            return List.of(); // out of order: the running estimates only move forward in time
        }
        double dt = s.started ? (t - s.lastSampleTime) / 1000.0 : 0;
        if (!s.started) {
            s.started = true;
            s.box = new double[3 * Math.max(1, (int) Math.round(config.smoothingS() * 50))];
            s.gravity = new double[] {a.x(), a.y(), a.z()};
        }
        s.lastSampleTime = t;
        double[] r = Filters.despike(s, a.x(), a.y(), a.z());
        double[] m = Filters.mean(s, r);
        List<BrakingOutput> out = new ArrayList<>(0);
        if (s.phase == DetectorState.REORIENTING) {
            reorient(s, t, dt, r, m);
            return out;
        }
        if (s.phase == DetectorState.IDLE && s.gpsSteady) {
            double alpha = 1 - Math.exp(-dt / config.gravityTimeConstantS());
            for (int i = 0; i < 3; i++) {
                s.gravity[i] += alpha * (r[i] - s.gravity[i]);
            }
        }
        for (int i = 0; i < 3; i++) {
            s.intervalSum[i] += r[i] - s.gravity[i];
        }
        s.samplesSinceFix++;

        double gn = Vectors.norm(s.gravity);
        double[] up = {s.gravity[0] / gn, s.gravity[1] / gn, s.gravity[2] / gn};
        double[] d = {m[0] - s.gravity[0], m[1] - s.gravity[1], m[2] - s.gravity[2]};
        double vertical = Vectors.dot(d, up);
        double[] h = {d[0] - vertical * up[0], d[1] - vertical * up[1], d[2] - vertical * up[2]};
        double[] f = forward(s, up);
        double lon = f == null ? 0 : Vectors.dot(h, f);
        s.peakSinceFix = Math.max(s.peakSinceFix, -lon);
        step(s, t, h, vertical, lon, f, out, a.rideId());
        return out;
    }

    /** Feeds one GPS fix: calibration, GPS-only alerts, and the digest for the window summaries. */
    public List<BrakingOutput> onFix(DetectorState s, LocationFix fix) {
        List<BrakingOutput> out = new ArrayList<>(2);
        long t = fix.eventTime();
        boolean valid = fix.hasValidSpeed();
        if (s.hasFix && valid && s.fixSpeed >= 0 && t > s.fixTime) {
            double dtS = (t - s.fixTime) / 1000.0;
            if (dtS <= config.maxFixGapS()) {
                double dvdt = (fix.speed() - s.fixSpeed) / dtS;
                // Freeze gravity while the GPS sees the speed change (a pull-away would be absorbed into it), but
                // never for long: speed is bounded, so over tens of seconds the mean reading is gravity, and a
                // biased first estimate must not be frozen for good (a back-and-forth never looks steady).
                boolean changing = Math.abs(dvdt) >= GPS_STEADY_MPS2;
                if (!changing || s.frozenSince == 0) {
                    s.frozenSince = changing ? s.fixTime : 0; // 0: the last interval was steady
                }
                s.gpsSteady = !changing || (t - s.frozenSince) / 1000.0 > MAX_FREEZE_S;
                if (s.samplesSinceFix > 0 && !s.intervalDirty && s.phase != DetectorState.REORIENTING) {
                    double n = s.samplesSinceFix;
                    calibrate(s, dvdt / G, new double[] {s.intervalSum[0] / n, s.intervalSum[1] / n, s.intervalSum[2] / n});
                }
                boolean coveredByAccelerometer = s.phase == DetectorState.IN_EVENT || s.phase == DetectorState.ENDED
                        || s.lastEventEnd >= s.fixTime;
                if (dvdt <= -config.gpsOnlyDecelMps2() && s.fixSpeed >= config.minSpeedMps() && !coveredByAccelerometer) {
                    double decel = -dvdt / G;
                    out.add(BrakingOutput.alert(new HarshBrakingAlert(fix.rideId(), s.fixTime, t, t - s.fixTime, decel,
                            decel, s.fixSpeed, fix.speed(), HarshBrakingAlert.severityOf(decel), "medium", "gps",
                            fix.latitude(), fix.longitude())));
                }
            }
        }
        if (valid) {
            s.knownSpeed = fix.speed();
            s.knownSpeedTime = t;
        }
        s.hasFix = true;
        s.fixTime = t;
        s.fixSpeed = valid ? fix.speed() : -1;
        s.fixLat = fix.latitude();
        s.fixLon = fix.longitude();
        java.util.Arrays.fill(s.intervalSum, 0);
        s.samplesSinceFix = 0;
        s.intervalDirty = s.phase == DetectorState.REORIENTING;
        out.add(BrakingOutput.digest(Math.max(0, s.peakSinceFix)));
        s.peakSinceFix = 0;
        return out;
    }

    private void step(DetectorState s, long t, double[] h, double vertical, double lon, double[] f,
                      List<BrakingOutput> out, String rideId) {
        double hm = Vectors.norm(h);
        if (s.phase == DetectorState.ENDED && (t - s.eventEnd) / 1000.0 >= config.mergeGapS() && !awaitingFix(s, t)) {
            if (isBrake(s, f)) {
                out.add(BrakingOutput.alert(alert(s, rideId)));
            }
            s.phase = DetectorState.IDLE;
        }
        if (s.phase == DetectorState.IDLE) {
            if (hm > config.enterG() && !Double.isNaN(s.knownSpeed) && s.knownSpeed >= config.minSpeedMps()) {
                startEvent(s, t);
            } else {
                return;
            }
        } else if (s.phase == DetectorState.ENDED) {
            if (hm > config.enterG()) {
                s.phase = DetectorState.IN_EVENT; // resumes within the merge gap: the same event
                s.segmentStart = t;
            } else {
                return;
            }
        }
        s.eventPeakLon = Math.max(s.eventPeakLon, -lon);
        s.eventSumLon += -lon;
        s.eventPeakH = Math.max(s.eventPeakH, hm);
        s.eventSumH += hm;
        for (int i = 0; i < 3; i++) {
            s.eventH[i] += h[i];
        }
        s.eventSumVertical += vertical;
        s.eventSumHalfH2 += hm * hm / 2;
        s.eventCount++;
        s.eventCalibrated &= s.axis == DetectorState.AXIS_CALIBRATED;
        double durationS = (t - s.eventStart) / 1000.0;
        if ((durationS >= ROTATION_CHECK_S && rotation(s)) || durationS > MAX_EVENT_S) {
            startReorienting(s, t);
            return;
        }
        if (hm < config.leaveG()) {
            if ((t - s.segmentStart) / 1000.0 >= config.minDurationS()) {
                s.eventEnd = t;
                s.phase = DetectorState.ENDED;
            } else {
                // Too short: a jolt. If it followed an accepted part within the merge gap, that part still stands.
                s.phase = s.eventEnd > s.eventStart ? DetectorState.ENDED : DetectorState.IDLE;
            }
        }
    }

    private static void startEvent(DetectorState s, long t) {
        s.phase = DetectorState.IN_EVENT;
        s.eventStart = t;
        s.segmentStart = t;
        s.eventEnd = t;
        s.eventPeakLon = Double.NEGATIVE_INFINITY;
        s.eventSumLon = 0;
        s.eventPeakH = 0;
        s.eventSumH = 0;
        java.util.Arrays.fill(s.eventH, 0);
        s.eventSumVertical = 0;
        s.eventSumHalfH2 = 0;
        s.eventCount = 0;
        s.eventSpeedBefore = s.knownSpeed;
        s.eventHasPlace = s.hasFix;
        s.eventLat = s.fixLat;
        s.eventLon = s.fixLon;
        s.eventCalibrated = true;
    }

    private static boolean rotation(DetectorState s) {
        return -s.eventSumVertical > ROTATION_RATIO * s.eventSumHalfH2;
    }

    /**
     * Is the ended event a brake? Never a rotation. On an axis fitted throughout, it must point within the cone
     * around backward and its deceleration along the axis must reach enterG. On an axis fitted since, the same with
     * the horizontal peak projected on it. Otherwise (the −z fallback, or an axis carried over a handling, which can
     * be off by the phone's unseen turn about gravity) the GPS decides where it can: a fix soon after the event must
     * show at least {@value #GPS_CONFIRM_SHARE} of the speed the event implies lost, and the event must point
     * backwards at all (within 90°). Without such a fix the cone test on the axis in use decides.
     */
    private boolean isBrake(DetectorState s, double[] f) {
        double n = Vectors.norm(s.eventH);
        if (f == null || n == 0 || rotation(s)) {
            return false;
        }
        double cos = -Vectors.dot(s.eventH, f) / n;
        if (s.eventCalibrated) {
            return cos >= coneCos && s.eventPeakLon >= config.enterG();
        }
        if (s.axis == DetectorState.AXIS_CALIBRATED) {
            return cos >= coneCos && s.eventPeakH * cos >= config.enterG();
        }
        Double drop = gpsDropAfter(s);
        if (drop != null) {
            double implied = s.eventSumH / s.eventCount * G * (s.eventEnd - s.eventStart) / 1000.0;
            return cos > 0 && drop >= GPS_CONFIRM_SHARE * implied;
        }
        return cos >= coneCos;
    }

    /** Share of the implied speed loss a fix after the event must confirm, when the axis cannot be trusted. */
    static final double GPS_CONFIRM_SHARE = 0.3;
    /** How long after the merge gap an event on an untrusted axis waits for that fix (seconds). */
    static final double FIX_WAIT_S = 0.5;

    /** Speed lost between the fix before the event and a fix from its last half second to 2.5 s after; null if none. */
    private static Double gpsDropAfter(DetectorState s) {
        boolean fixAfter = !Double.isNaN(s.knownSpeed) && s.knownSpeedTime >= s.eventEnd - 500
                && s.knownSpeedTime <= s.eventEnd + 2_500;
        return fixAfter ? s.eventSpeedBefore - s.knownSpeed : null;
    }

    /** An event on an untrusted axis waits a little past the merge gap for a fix, unless one came already. */
    private boolean awaitingFix(DetectorState s, long t) {
        return s.axis != DetectorState.AXIS_CALIBRATED && gpsDropAfter(s) == null
                && (t - s.eventEnd) / 1000.0 < config.mergeGapS() + FIX_WAIT_S;
    }

    private void startReorienting(DetectorState s, long t) {
        s.phase = DetectorState.REORIENTING;
        s.fastGravity = s.gravity.clone();
        s.steadySince = t;
        s.intervalDirty = true;
    }

    /** The phone is being moved: gravity follows fast until the reading is steady, then the axis follows gravity. */
    private void reorient(DetectorState s, long t, double dt, double[] r, double[] m) {
        double alpha = 1 - Math.exp(-dt / FAST_GRAVITY_S);
        double off = 0;
        for (int i = 0; i < 3; i++) {
            s.fastGravity[i] += alpha * (r[i] - s.fastGravity[i]);
            off += (m[i] - s.fastGravity[i]) * (m[i] - s.fastGravity[i]);
        }
        if (Math.sqrt(off) > STEADY_G) {
            s.steadySince = t;
            return;
        }
        if ((t - s.steadySince) / 1000.0 < STEADY_S) {
            return;
        }
        double[] before = unit(s.gravity);
        double[] after = unit(s.fastGravity);
        if (s.axis != DetectorState.AXIS_FALLBACK) {
            double[] turned = Vectors.horizontalUnit(Vectors.rotateLike(s.forward, before, after), after);
            if (turned != null) {
                s.forward = turned;
                s.axis = DetectorState.AXIS_STALE;
            } else {
                s.axis = DetectorState.AXIS_FALLBACK;
            }
        }
        s.gravity = s.fastGravity.clone();
        AxisFit.reset(s);
        s.phase = DetectorState.IDLE;
    }

    private HarshBrakingAlert alert(DetectorState s, String rideId) {
        s.lastEventEnd = s.eventEnd;
        // On a fitted axis the longitudinal component is the deceleration; otherwise the axis may be off by up to
        // the cone angle, and the horizontal magnitude is the better figure.
        boolean onAxis = s.eventCalibrated;
        double peak = onAxis ? s.eventPeakLon : s.eventPeakH;
        double mean = (onAxis ? s.eventSumLon : s.eventSumH) / s.eventCount;
        long duration = s.eventEnd - s.eventStart;
        Double after = !Double.isNaN(s.knownSpeed) && s.knownSpeedTime >= s.eventEnd - 500 ? s.knownSpeed : null;
        // The GPS confirms when the speed dropped by at least half of what the mean deceleration implies.
        boolean gpsConfirms = after != null && s.eventSpeedBefore - after >= 0.5 * mean * G * duration / 1000.0;
        String confidence = s.eventCalibrated && gpsConfirms ? "high" : s.eventCalibrated || gpsConfirms ? "medium" : "low";
        return new HarshBrakingAlert(rideId, s.eventStart, s.eventEnd, duration, peak, mean, s.eventSpeedBefore,
                after, HarshBrakingAlert.severityOf(peak), confidence, "accelerometer",
                s.eventHasPlace ? s.eventLat : null, s.eventHasPlace ? s.eventLon : null);
    }

    /** Adds one (dv/dt, mean dynamic acceleration) pair and refits the forward axis. */
    private void calibrate(DetectorState s, double y, double[] a) {
        AxisFit.add(s, y, a);
        if (s.pairs < config.minCalibrationPairs()
                || Math.sqrt(AxisFit.excitation(s)) < config.minExcitationG()) {
            return;
        }
        double[] w = AxisFit.solve(s);
        if (w == null) {
            return;
        }
        double r2 = AxisFit.r2(s, w);
        double[] horizontal = Vectors.horizontalUnit(w, unit(s.gravity));
        if (r2 >= config.minR2() && horizontal != null) {
            s.axis = DetectorState.AXIS_CALIBRATED;
            s.r2 = r2;
            s.forward = horizontal;
        }
    }

    /** The forward axis in use, horizontal against current gravity: fitted or carried over, else the −z fallback. */
    static double[] forward(DetectorState s, double[] up) {
        return Vectors.horizontalUnit(s.axis == DetectorState.AXIS_FALLBACK ? FALLBACK_FORWARD : s.forward, up);
    }

    private static double[] unit(double[] v) {
        double n = Vectors.norm(v);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
