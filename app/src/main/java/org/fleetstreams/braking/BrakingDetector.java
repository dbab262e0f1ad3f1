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
 *   <li>Gravity is a running mean with a slow time constant, frozen during an event; dynamic acceleration =
 *       sample − gravity.</li>
 *   <li>The forward axis is calibrated online: GPS dv/dt between consecutive fixes (in g) is regressed on the mean
 *       dynamic acceleration over the same interval (least squares, no intercept). Once there are enough pairs and
 *       R² clears the floor, forward = the fitted direction, made horizontal. Until then the fallback is the phone's
 *       −z axis made horizontal: a phone filming the road (the BDD set-up) points its back camera, −z, forward.
 *       Alerts found on the fallback axis are marked low confidence.</li>
 *   <li>Longitudinal acceleration = dynamic · forward, averaged over {@code smoothingS}. An event starts below
 *       −enterG at GPS speed ≥ minSpeed, ends above −leaveG, must last minDuration, and merges with the next one if
 *       the gap is under mergeGap; it is emitted once that gap has passed.</li>
 *   <li>GPS-only path: Δv/Δt ≤ −gpsOnlyDecel between valid fixes alerts on its own when no accelerometer event
 *       covers it.</li>
 * </ol>
 */
public final class BrakingDetector {

    static final double G = 9.80665;

    private final BrakingConfig config;

    public BrakingDetector(BrakingConfig config) {
        this.config = config;
    }

    /** Feeds one accelerometer sample; returns the alerts it completes (usually none). */
    public List<BrakingOutput> onSample(DetectorState s, AccelerationSample a) {
        List<BrakingOutput> out = new ArrayList<>(0);
        long t = a.eventTime();
        if (s.started && t < s.lastSampleTime) {
            return out; // out of order: the running estimates only move forward in time
        }
        if (!s.started) {
            s.started = true;
            s.gx = a.x();
            s.gy = a.y();
            s.gz = a.z();
            int n = Math.max(1, (int) Math.round(config.smoothingS() * 50));
            s.window = new double[n];
        } else if (s.phase != 1) {
            // Frozen during an event: even a 10 s mean would absorb ~0.07 g of a 2 s, 0.4 g brake by its end.
            double dt = (t - s.lastSampleTime) / 1000.0;
            double alpha = 1 - Math.exp(-dt / config.gravityTimeConstantS());
            s.gx += alpha * (a.x() - s.gx);
            s.gy += alpha * (a.y() - s.gy);
            s.gz += alpha * (a.z() - s.gz);
        }
        s.lastSampleTime = t;
        double dx = a.x() - s.gx;
        double dy = a.y() - s.gy;
        double dz = a.z() - s.gz;
        s.sumDx += dx;
        s.sumDy += dy;
        s.sumDz += dz;
        s.samplesSinceFix++;

        double[] f = forward(s);
        double lon = dx * f[0] + dy * f[1] + dz * f[2];
        double smoothed = smooth(s, lon);
        s.peakSinceFix = Math.max(s.peakSinceFix, -smoothed);
        step(s, t, smoothed, out, a.rideId());
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
                if (s.samplesSinceFix > 0) {
                    calibrate(s, dvdt / G, s.sumDx / s.samplesSinceFix, s.sumDy / s.samplesSinceFix,
                            s.sumDz / s.samplesSinceFix);
                }
                boolean coveredByAccelerometer = s.phase != 0 || s.lastEventEnd >= s.fixTime;
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
        s.sumDx = 0;
        s.sumDy = 0;
        s.sumDz = 0;
        s.samplesSinceFix = 0;
        out.add(BrakingOutput.digest(Math.max(0, s.peakSinceFix)));
        s.peakSinceFix = 0;
        return out;
    }

    private void step(DetectorState s, long t, double smoothed, List<BrakingOutput> out, String rideId) {
        if (s.phase == 2 && (t - s.eventEnd) / 1000.0 >= config.mergeGapS()) {
            out.add(BrakingOutput.alert(alert(s, rideId)));
            s.phase = 0;
        }
        if (s.phase == 0) {
            if (smoothed < -config.enterG() && !Double.isNaN(s.knownSpeed) && s.knownSpeed >= config.minSpeedMps()) {
                s.phase = 1;
                s.eventStart = t;
                s.eventPeak = -smoothed;
                s.eventSum = -smoothed;
                s.eventCount = 1;
                s.eventSpeedBefore = s.knownSpeed;
                s.eventHasPlace = s.hasFix;
                s.eventLat = s.fixLat;
                s.eventLon = s.fixLon;
                s.eventCalibrated = s.calibrated;
            }
            return;
        }
        if (s.phase == 2) {
            if (smoothed < -config.enterG()) {
                s.phase = 1; // resumes within the merge gap: the same event
            } else {
                return;
            }
        }
        // phase 1: in an event
        s.eventPeak = Math.max(s.eventPeak, -smoothed);
        s.eventSum += -smoothed;
        s.eventCount++;
        s.eventCalibrated &= s.calibrated;
        if (smoothed > -config.leaveG()) {
            s.eventEnd = t;
            if ((t - s.eventStart) / 1000.0 >= config.minDurationS()) {
                s.phase = 2;
            } else {
                s.phase = 0; // too short: a jolt, not a brake
            }
        }
    }

    private HarshBrakingAlert alert(DetectorState s, String rideId) {
        s.lastEventEnd = s.eventEnd;
        double mean = s.eventSum / s.eventCount;
        long duration = s.eventEnd - s.eventStart;
        Double after = !Double.isNaN(s.knownSpeed) && s.knownSpeedTime >= s.eventEnd - 500 ? s.knownSpeed : null;
        // The GPS confirms when the speed dropped by at least half of what the mean deceleration implies.
        boolean gpsConfirms = after != null && s.eventSpeedBefore - after >= 0.5 * mean * G * duration / 1000.0;
        String confidence = s.eventCalibrated && gpsConfirms ? "high" : s.eventCalibrated || gpsConfirms ? "medium" : "low";
        return new HarshBrakingAlert(rideId, s.eventStart, s.eventEnd, duration, s.eventPeak, mean, s.eventSpeedBefore,
                after, HarshBrakingAlert.severityOf(s.eventPeak), confidence, "accelerometer",
                s.eventHasPlace ? s.eventLat : null, s.eventHasPlace ? s.eventLon : null);
    }

    private static double smooth(DetectorState s, double value) {
        if (s.windowCount == s.window.length) {
            s.windowSum -= s.window[s.windowPos];
        } else {
            s.windowCount++;
        }
        s.window[s.windowPos] = value;
        s.windowSum += value;
        s.windowPos = (s.windowPos + 1) % s.window.length;
        return s.windowSum / s.windowCount;
    }

    /** Adds one (dv/dt, mean dynamic acceleration) pair and refits the forward axis. */
    private void calibrate(DetectorState s, double y, double x1, double x2, double x3) {
        s.sxx += x1 * x1;
        s.sxy += x1 * x2;
        s.sxz += x1 * x3;
        s.syy += x2 * x2;
        s.syz += x2 * x3;
        s.szz += x3 * x3;
        s.sxt += x1 * y;
        s.syt += x2 * y;
        s.szt += x3 * y;
        s.st += y;
        s.stt += y * y;
        s.pairs++;
        if (s.pairs < config.minCalibrationPairs()) {
            return;
        }
        double[] w = solve(s);
        if (w == null) {
            return;
        }
        double ssRes = s.stt - 2 * (w[0] * s.sxt + w[1] * s.syt + w[2] * s.szt)
                + w[0] * (w[0] * s.sxx + w[1] * s.sxy + w[2] * s.sxz)
                + w[1] * (w[0] * s.sxy + w[1] * s.syy + w[2] * s.syz)
                + w[2] * (w[0] * s.sxz + w[1] * s.syz + w[2] * s.szz);
        double ssTot = s.stt - s.st * s.st / s.pairs;
        double r2 = ssTot <= 0 ? 0 : 1 - ssRes / ssTot;
        double[] horizontal = horizontal(s, w);
        if (r2 >= config.minR2() && horizontal != null) {
            s.calibrated = true;
            s.r2 = r2;
            s.fx = horizontal[0];
            s.fy = horizontal[1];
            s.fz = horizontal[2];
        }
    }

    /**
     * Ridge term per calibration pair. An axis the car never excites (the phone's left-right axis on a straight road)
     * has only noise in it; plain least squares then gives it an arbitrary, often huge weight and a wrong forward
     * axis (seen in the tests). A ridge of 0.001 g² per pair, the square of ~0.03 g of typical motion, keeps such
     * axes near zero and shrinks a real one by a few per cent, which only the direction ignores.
     */
    static final double RIDGE_PER_PAIR = 0.001;

    /** Solves the 3x3 ridge-regularised normal equations by Cramer's rule; null when singular. */
    private static double[] solve(DetectorState s) {
        double ridge = RIDGE_PER_PAIR * s.pairs;
        double a = s.sxx + ridge, b = s.sxy, c = s.sxz, d = s.syy + ridge, e = s.syz, f = s.szz + ridge;
        double det = a * (d * f - e * e) - b * (b * f - e * c) + c * (b * e - d * c);
        if (Math.abs(det) < 1e-12) {
            return null;
        }
        double w1 = (s.sxt * (d * f - e * e) - b * (s.syt * f - e * s.szt) + c * (s.syt * e - d * s.szt)) / det;
        double w2 = (a * (s.syt * f - e * s.szt) - s.sxt * (b * f - e * c) + c * (b * s.szt - s.syt * c)) / det;
        double w3 = (a * (d * s.szt - s.syt * e) - b * (b * s.szt - s.syt * c) + s.sxt * (b * e - d * c)) / det;
        return new double[] {w1, w2, w3};
    }

    /** The forward axis in use: calibrated, else the fallback −z; both made horizontal against current gravity. */
    static double[] forward(DetectorState s) {
        if (s.calibrated) {
            double[] f = horizontal(s, new double[] {s.fx, s.fy, s.fz});
            return f != null ? f : new double[] {s.fx, s.fy, s.fz};
        }
        double[] f = horizontal(s, new double[] {0, 0, -1});
        return f != null ? f : new double[] {0, 0, -1};
    }

    /** {@code v} minus its component along gravity, normalised; null when {@code v} is (nearly) vertical. */
    private static double[] horizontal(DetectorState s, double[] v) {
        double gn = Math.sqrt(s.gx * s.gx + s.gy * s.gy + s.gz * s.gz);
        if (gn < 1e-6) {
            return null;
        }
        double ux = s.gx / gn, uy = s.gy / gn, uz = s.gz / gn;
        double dot = v[0] * ux + v[1] * uy + v[2] * uz;
        double hx = v[0] - dot * ux, hy = v[1] - dot * uy, hz = v[2] - dot * uz;
        double n = Math.sqrt(hx * hx + hy * hy + hz * hz);
        if (n < 0.2 * Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])) {
            return null;
        }
        return new double[] {hx / n, hy / n, hz / n};
    }
}
