package org.fleetstreams.braking;

import java.util.List;

/**
 * One sample's step of a ride's brake event ({@link BrakeEvent}): decide an ended event once the merge gap has passed
 * (or the opposite manoeuvre starts), open one above {@code enterG} at a speed that may be braking, resume it within
 * the merge gap, add the sample's horizontal and vertical parts, drop it as a rotation of the phone or when it lasts
 * too long, and end it below {@code leaveG}. {@link BrakingDetector} cleans the sample and works out gravity and the
 * forward axis before this step; {@link BrakeDecision} says whether an ended event was a brake.
 */
final class EventSteps {

    private final BrakingConfig config;
    private final BrakeDecision decision;

    EventSteps(BrakingConfig config, BrakeDecision decision) {
        this.config = config;
        this.decision = decision;
    }

    /**
     * @param h        the sample's horizontal dynamic acceleration (g, phone frame)
     * @param vertical its vertical dynamic part (g)
     * @param lon      its part along the forward axis (g; braking is negative)
     * @param f        the forward axis in use, or null while there is none
     * @param out      where alerts this step decides go
     */
    void step(DetectorState s, long t, double[] h, double vertical, double lon, double[] f,
                      List<BrakingOutput> out, String rideId) {
        BrakeEvent e = s.event;
        double hm = Vectors.norm(h);
        if (e.phase == BrakeEvent.ENDED && (t - e.end) / 1000.0 >= config.mergeGapS() && !decision.awaitingFix(s, f, t)) {
            if (e.speedKnown && decision.isBrake(s, f)) {
                out.add(BrakingOutput.alert(AccelerometerAlert.of(s, rideId, decision)));
            }
            e.phase = BrakeEvent.IDLE;
        }
        if (e.phase == BrakeEvent.ENDED && hm > config.enterG()
                && (Vectors.dot(h, e.h) < 0 || (t - e.end) / 1000.0 >= config.mergeGapS())) {
            // The opposite manoeuvre (a brake right after a brisk pull-away, or a pull-away after a brake) is not the
            // same event: merged, the two would cancel in the event's mean direction. Nor is one that starts after the
            // merge gap while the ended event still waits for its fix: merged, its coast would dilute both. The ended
            // one is decided now, on what it has.
            if (e.speedKnown && decision.isBrake(s, f)) {
                out.add(BrakingOutput.alert(AccelerometerAlert.of(s, rideId, decision)));
            }
            e.phase = BrakeEvent.IDLE;
        }
        if (e.phase == BrakeEvent.IDLE) {
            boolean fast = SpeedEstimate.fastEnough(s, t, config);
            if (hm > config.enterG() && (fast || SpeedEstimate.mayBeFast(s, t, config.minSpeedMps()))) {
                e.begin(t, SpeedEstimate.onsetSpeed(s, t), s.fixes, s.gravity.g, s.check, f);
                e.integralAtStart = s.fits.integralAt(t);
                e.speedKnown = fast;
            } else {
                return;
            }
        } else if (e.phase == BrakeEvent.ENDED) {
            // A car that has slowed below the minimum speed does not brake on: what moves now is the phone. The
            // GPS lags, so the speed left is also bounded by what the event itself took off: a reading of |h| g for
            // a second removes |h|·9.8 m/s if it was braking, and a stopped car cannot brake further. With no speed
            // gate (min.speed.mps 0) or no GPS speed before the event there is no speed to run out of: the speed left
            // is NaN then, and comparing it would never resume an event.
            if (hm > config.enterG() && SpeedEstimate.fastEnough(s, t, config)
                    && (config.minSpeedMps() <= 0 || Double.isNaN(e.speedBefore)
                        || SpeedEstimate.speedLeft(s) >= config.minSpeedMps())) {
                e.phase = BrakeEvent.IN_EVENT; // resumes within the merge gap: the same event
                if (e.gapCount > 0 && e.gapSum / e.gapCount < config.leaveG() / 2) {
                    // A coast between two brakes (the reading near 0), not a brake that dipped under leaveG for a
                    // moment: its time is no part of the event's deceleration (BrakeDecision#confirm).
                    e.gapMs += t - e.end;
                }
                e.gapSum = 0;
                e.gapCount = 0;
                e.segmentStart = t;
                e.offset = Double.NaN;
            } else {
                e.gapSum += hm;
                e.gapCount++;
                return;
            }
        }
        e.held = Math.max(e.held, s.held.held(t, config.minDurationS()));
        e.peakLon = Math.max(e.peakLon, -lon);
        e.sumLon += -lon;
        e.peakH = Math.max(e.peakH, hm);
        e.sumH += hm;
        for (int i = 0; i < 3; i++) {
            e.h[i] += h[i];
        }
        e.sumVertical += vertical;
        e.sumHalfH2 += hm * hm / 2;
        e.count++;
        e.calibrated &= s.axis.source == ForwardAxis.CALIBRATED;
        double durationS = (t - e.start) / 1000.0;
        if ((durationS >= BrakingDetector.ROTATION_CHECK_S && !e.flat && BrakeDecision.rotation(e))
                || !mayLast(s, t, config.leaveG())) {
            Reorientation.startReorienting(s, t);
            return;
        }
        if (hm < config.leaveG()) {
            if ((t - e.segmentStart) / 1000.0 >= config.minDurationS()) {
                e.end = t;
                e.phase = BrakeEvent.ENDED;
            } else {
                // Too short: a jolt. If it followed an accepted part within the merge gap, that part still stands.
                e.phase = e.end > e.start ? BrakeEvent.ENDED : BrakeEvent.IDLE;
            }
        }
    }

    /**
     * An event may last {@link BrakingDetector#MAX_EVENT_S}; longer, it is gravity that moved, unless the GPS has
     * measured it so far as a sustained deceleration of at least {@code leaveG} ({@link BrakeEvent#gpsDecel}, from a fix
     * inside it) and a fix with a speed came in the last {@value #RECENT_SPEED_MS} ms: then up to
     * {@link BrakingDetector#MAX_BRAKE_S}. A brake to a stop from motorway speed lasts longer than 8 s (0.35 g from 36
     * m/s, 130 km/h, takes 10.5 s); a tilted phone or a long turn leaves the GPS speed nearly where it was.
     */
    static boolean mayLast(DetectorState s, long t, double leaveG) {
        BrakeEvent e = s.event;
        double durationS = (t - e.start) / 1000.0;
        return durationS <= BrakingDetector.MAX_EVENT_S || durationS <= BrakingDetector.MAX_BRAKE_S
                && !Double.isNaN(e.gpsDecel) && e.gpsDecel >= leaveG && t - s.fixes.knownSpeedTime <= RECENT_SPEED_MS;
    }

    static final long RECENT_SPEED_MS = 5_000;
}
