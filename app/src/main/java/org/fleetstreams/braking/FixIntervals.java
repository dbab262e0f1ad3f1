package org.fleetstreams.braking;

import java.util.List;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;

/**
 * What the detector learns from the interval between two GPS fixes with valid speeds: the speed change dv/dt, which
 * freezes gravity while the car changes speed, feeds the forward-axis fit ({@link AxisFit}, {@link AxisCalibration})
 * and, when no accelerometer event covers it and the accelerometer does not deny it, is a GPS-only alert of its own.
 * Also which fix speeds a car can reach at all.
 */
final class FixIntervals {

    static final double G = BrakingDetector.G;

    /** A GPS interval with |dv/dt| below this (m/s²) is steady driving, when gravity may be updated. */
    static final double GPS_STEADY_MPS2 = 0.3;
    /** Gravity is frozen for at most this long in a row (seconds). */
    static final double MAX_FREEZE_S = 15;

    /**
     * The largest speed change a car can make, m/s²: tyres on dry asphalt give about 1 g either way. A GPS speed that
     * implies more between two fixes is a glitch (a speed spike of one fix), and the detector takes that fix's speed as
     * unknown: taken, a spike from 10 to 500 m/s and back read as a 50 g GPS-only brake.
     */
    static final double MAX_PLAUSIBLE_MPS2 = 1.5 * G;
    static final double SPEED_NOISE_MPS = 1.5;

    /**
     * A fix with a valid speed less than this (ms) after the one that opened the interval does not end it: the
     * interval stays open (as over a fix with an unknown speed) and the next fix at least this far from its start
     * pairs with it. GPS speed noise (0.2-0.5 m/s) over fixes 0.2 s apart (a 5 Hz receiver) alone reads as 1.4-3.5
     * m/s² (one standard deviation: σ√2 / 0.2 s), against the GPS-only path's 3.1 m/s²: cruising at 15 m/s with 5 Hz
     * fixes of 0.3 m/s noise gave 23 "harsh" GPS-only alerts a minute, and two fixes 1 ms apart (two providers) a
     * 153 g one. Over 0.8 s the same noise reads as 0.35-0.9 m/s², and a real brake still shows in full. Fixes 1-4 s
     * apart (the BDD data's, the generators' by default) are never this close, so nothing changes for them.
     */
    static final long MIN_INTERVAL_MS = 800;

    /**
     * A GPS-only brake must show in an accelerometer that sampled the whole interval: its mean acceleration over the
     * interval (at any candidate lag, in any direction) at least this share of the GPS deceleration. A car cannot lose
     * 3 m/s² of speed while its phone reads nothing, so when it does not, the GPS speeds are wrong (noise over a short
     * interval, or one fix's outlier: a receiver that reports 0 for "no speed"). Half, not all: gravity's running mean
     * takes in part of a long brake (its 10 s time constant, a quarter of a 3 s brake), and the GPS decelerations it
     * is compared with carry their own noise.
     */
    static final double ACCELEROMETER_SHARE = 0.5;
    /**
     * The accelerometer sampled the interval when no two of its samples there, nor in the longest lag shift before it
     * ({@link LagFits#LAGS_MS}), are further apart than this (ms), nor its last one from the fix. A sample after a gap
     * stands in for the whole gap in the integral, so a brake in a gap would read as the cruise after it.
     */
    static final long STREAMING_GAP_MS = 250;

    /** An interval stays open over fixes without a usable speed this long at most (seconds; {@link #openAt}). */
    static final double MAX_BRIDGE_S = 5;

    private final BrakingConfig config;

    FixIntervals(BrakingConfig config) {
        this.config = config;
    }

    /**
     * The interval from the fix that opened it (the ride's last fix with a usable speed, {@link #openAt}) to
     * {@code fix}, whose speed is valid and plausible: returns whether it was
     * taken (the last fix had a valid speed too, and is at most {@code maxFixGapS} older); adds a GPS-only alert to
     * {@code out} when it is one.
     */
    boolean pair(DetectorState s, LocationFix fix, List<BrakingOutput> out) {
        long t = fix.eventTime();
        FixTrack x = s.fixes;
        BrakeEvent e = s.event;
        if (t > x.fixTime && openAt(x, t)) {
            double dtS = (t - x.fixTime) / 1000.0;
            double dvdt = (fix.speed() - x.fixSpeed) / dtS;
            x.trend = dvdt;
            // Freeze gravity while the GPS sees the speed change (a pull-away would be absorbed into it), but
            // never for long: speed is bounded, so over tens of seconds the mean reading is gravity, and a
            // biased first estimate must not be frozen for good (a back-and-forth never looks steady).
            GravityEstimate gr = s.gravity;
            boolean changing = Math.abs(dvdt) >= GPS_STEADY_MPS2;
            if (changing && gr.frozenSince == 0 && e.phase == BrakeEvent.IDLE && !gr.standing) {
                gr.changeSeenSince(x.fixTime);
            }
            if (!changing || gr.frozenSince == 0) {
                gr.frozenSince = changing ? x.fixTime : 0; // 0: the last interval was steady
            }
            gr.gpsSteady = !changing || (t - gr.frozenSince) / 1000.0 > MAX_FREEZE_S;
            boolean usable = x.samplesSinceFix > 0 && e.phase != BrakeEvent.REORIENTING;
            // measured before onFix moves the interval on, and only for a GPS deceleration the GPS-only path may
            // alert on
            boolean gpsBrake = dvdt <= -config.gpsOnlyDecelMps2() && x.fixSpeed >= config.minSpeedMps();
            double accelerometerG = gpsBrake ? s.fits.largestMeanSinceLastFix(t, dtS) : Double.NaN;
            s.fits.onFix(t, dvdt / G, dtS, usable, x.intervalDirty);
            if (usable && !x.intervalDirty) {
                AxisCalibration.calibrate(s, config);
            }
            long lag = s.axis.lagOrDefault();
            boolean coveredByAlert = e.lastEnd >= x.fixTime - lag - 1_000;
            boolean covered = coveredByAlert || e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED
                    || (e.phase == BrakeEvent.REORIENTING && e.suspended);
            if (gpsBrake && coveredByAlert) {
                // the alerted brake goes on: its alert covers this interval and the next one, however long it is (an
                // open accelerometer event does not: it may yet be no brake, and the GPS must still be able to say so)
                e.lastEnd = Math.max(e.lastEnd, t - lag);
            } else if (gpsBrake && !covered && !accelerometerDenies(s, t, -dvdt / G, accelerometerG)) {
                double decel = -dvdt / G;
                e.lastEnd = t - lag; // one alert per brake, however many fix intervals it spans
                out.add(BrakingOutput.alert(new HarshBrakingAlert(fix.rideId(), x.fixTime - lag, t - lag,
                        t - x.fixTime, decel, decel, x.fixSpeed, fix.speed(), HarshBrakingAlert.severityOf(decel),
                        HarshBrakingAlert.MEDIUM, HarshBrakingAlert.GPS, x.placeLat(), x.placeLon())));
            }
            return true;
        }
        return false;
    }

    /**
     * Whether the accelerometer, sampling through the interval (undisturbed, no gap over {@value #STREAMING_GAP_MS} ms
     * there or in the longest lag shift before it, still sampling at the fix), saw less than
     * {@value #ACCELEROMETER_SHARE} of the GPS deceleration {@code decelG}: then there was no such brake. An
     * accelerometer that was silent for a moment, or samples too sparsely to tell, denies nothing.
     */
    private static boolean accelerometerDenies(DetectorState s, long t, double decelG, double accelerometerG) {
        FixTrack x = s.fixes;
        boolean streamed = !x.intervalDirty && s.event.phase != BrakeEvent.REORIENTING && x.samplesSinceFix > 0
                && x.gapEndedAt <= x.fixTime - LagFits.LAGS_MS[LagFits.LAGS_MS.length - 1]
                && t - s.lastSampleTime <= STREAMING_GAP_MS;
        return streamed && accelerometerG < ACCELEROMETER_SHARE * decelG;
    }

    /**
     * Whether the ride's GPS interval is open at {@code t}: it started at a fix with a valid speed at most
     * {@code maxFixGapS} before. A fix with a usable speed then pairs with it ({@link #pair}); one without (−1, or
     * implausible) leaves it open, so that the next fix with a usable speed pairs with the last one across it. Ending
     * the interval at every such fix cost two intervals per unknown speed; with 30 % of the fixes unknown (some phones report −1 for long stretches) about half of the speed changes were lost to the
     * axis fit and the GPS confirmation, and recall on the physics fleets fell from 0.97 to 0.89.
     */
    boolean openAt(FixTrack x, long t) {
        // Over a fix without a usable speed, or one too soon after the start, the interval stays open for MAX_BRIDGE_S
        // at most: the fit's and the evidence's behaviour at the BDD timing was measured with that, and a longer bridge
        // changed it (recall 0.972 to 0.970 on the physics fleets at max.fix.gap.s 12), while two fixes in a row pair
        // up to maxFixGapS apart.
        return open(x, t, x.latestFixTime > x.fixTime ? bridgeLimitS() : config.maxFixGapS());
    }

    private static boolean open(FixTrack x, long t, double limitS) {
        return x.hasFix && x.fixSpeed >= 0 && t >= x.fixTime && (t - x.fixTime) / 1000.0 <= limitS;
    }

    private double bridgeLimitS() {
        return Math.min(MAX_BRIDGE_S, config.maxFixGapS());
    }

    /**
     * Whether a fix without a usable speed at {@code t} leaves the interval open: at most {@value #MAX_BRIDGE_S} s
     * after its start, whatever {@code maxFixGapS} allows between two fixes in a row (a bridge begun later could never
     * end in a pair).
     */
    boolean bridges(FixTrack x, long t) {
        return open(x, t, bridgeLimitS());
    }

    /** Whether a fix with a valid speed at {@code t} is too soon to end the open interval ({@link #MIN_INTERVAL_MS}). */
    boolean tooSoon(FixTrack x, long t) {
        return openAt(x, t) && t - x.fixTime < MIN_INTERVAL_MS;
    }

    /**
     * Whether a fix's speed is within what a car can reach from the last speed the detector took
     * ({@link #MAX_PLAUSIBLE_MPS2}, plus {@value #SPEED_NOISE_MPS} m/s for GPS speed noise, which over fixes 0.2 s
     * apart alone reads as 0.5 g). Measured from the last accepted speed, so a spike of several fixes stays out, and
     * after {@code maxFixGapS} without one any speed is taken again.
     */
    boolean plausibleAfter(FixTrack x, long t, double speed) {
        if (!x.hasFix || !(x.knownSpeed >= 0) || t <= x.knownSpeedTime) { // NaN: no speed taken yet
            return true;
        }
        double dtS = (t - x.knownSpeedTime) / 1000.0;
        return dtS > config.maxFixGapS() || Math.abs(speed - x.knownSpeed) <= MAX_PLAUSIBLE_MPS2 * dtS + SPEED_NOISE_MPS;
    }
}
