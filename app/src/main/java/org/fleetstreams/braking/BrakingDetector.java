package org.fleetstreams.braking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * The harsh-braking detector: pure functions over one ride's {@link DetectorState}, fed in event-time order.
 *
 * <ol>
 *   <li><b>Clean-up.</b> Each axis is despiked (median of five samples, fewer on a slow phone: a 10–20 ms pothole
 *       jolt disappears) and averaged over {@code smoothingS}.</li>
 *   <li><b>Gravity</b> is a slow running mean of the samples. It is frozen during an event and while the last GPS
 *       interval showed the car changing speed; otherwise a 10 s pull-away would be absorbed into "gravity".
 *       Dynamic acceleration = sample − gravity, split into a vertical and a horizontal part.</li>
 *   <li><b>Events</b> start when the horizontal dynamic acceleration exceeds {@code enterG} at GPS speed ≥
 *       {@code minSpeedMps}, whatever its direction. This needs no forward axis. They end below {@code leaveG} and
 *       merge when less than {@code mergeGapS} apart ({@link EventSteps}).</li>
 *   <li><b>Handling is not braking.</b> Turning the phone by θ moves the reading around a sphere: its vertical
 *       dynamic part becomes −(1 − cos θ) ≈ −|h|²/2, while braking leaves it at ≈ 0. When the event's ratio
 *       −Σvertical / Σ(|h|²/2) passes {@value #ROTATION_RATIO}, the phone is being moved. The event is dropped.
 *       Gravity follows quickly until the reading is steady again, the forward axis is turned along with gravity
 *       and marked stale, and the axis fit starts over.</li>
 *   <li><b>Direction.</b> An event is a brake when its mean horizontal vector points within {@code coneDegrees} of
 *       backward. Forward is fitted online: GPS dv/dt between fixes (in g) regressed on the mean dynamic
 *       acceleration over the same interval ({@link AxisFit}, {@link AxisCalibration}). Until that fit is good, the phone's −z axis is used:
 *       a phone filming the road (the BDD set-up) points its back camera forward.</li>
 *   <li><b>GPS-only path</b> ({@link FixIntervals}): Δv/Δt ≤ −gpsOnlyDecel between valid fixes alerts on its own when no
 *       accelerometer event covers it, unless an accelerometer that sampled the interval reads under half of it.</li>
 * </ol>
 */
public final class BrakingDetector {

    static final double G = AccelerationSample.STANDARD_GRAVITY;

    /** Above this ratio of −Σvertical to Σ|h|²/2 an event is a rotation of the phone (1 for a pure rotation, 0 for braking). */
    static final double ROTATION_RATIO = 0.75;
    /** An event is checked for rotation once it has lasted this long (seconds). */
    static final double ROTATION_CHECK_S = 0.5;
    /** An event longer than this is gravity that moved (seconds)… */
    static final double MAX_EVENT_S = 8;
    /**
     * …unless the GPS measured it braking ({@code EventSteps}): a brake to a stop at 0.3 g from 45 m/s (162 km/h)
     * takes 15.3 s (seconds).
     */
    static final double MAX_BRAKE_S = 16;
    /** While the phone moves, gravity follows with this time constant (seconds)… */
    static final double FAST_GRAVITY_S = 0.3;
    /** …until the smoothed reading stays within this distance of it (g) for {@link #STEADY_S} seconds. */
    static final double STEADY_G = 0.05;
    static final double STEADY_S = 1.0;
    /** A stop during which gravity turned by more than this (degrees) had the phone moved. */
    static final double STOP_TURN_DEG = 8;
    /**
     * The least magnitude (g) of a reading gravity is taken from: a phone at rest or in a car reads about 1 g, a harsh
     * brake about 1.1; less than half of it is a sensor reading nothing, a phone falling, or a hard dip of the road.
     */
    static final double MIN_G = 0.5;
    /**
     * The gravity a ride's readings show must be within these (g): in a car it is 1 g, and the estimate follows the
     * reading fast while the car stands (GravityEstimate), so a hard brake to a stop can take it to √(1 + 0.7²) ≈ 1.22
     * and more for a moment (a band of 0.7-1.3 g lost a 0.7 g brake to a stop on a fresh PHYSICS fleet). Outside, the readings
     * are in another unit (m/s²: 9.8; milli-g: 1000) or the sensor is broken, and the detector does not run on them
     * ({@link #offScale}).
     */
    static final double MIN_GRAVITY_G = 0.5;
    static final double MAX_GRAVITY_G = 2.0;

    /** The ride's gravity estimate is outside {@value #MIN_GRAVITY_G}-{@value #MAX_GRAVITY_G} g. */
    static boolean offScale(DetectorState s) {
        double n = Vectors.norm(s.gravity.g);
        return s.started && (n < MIN_GRAVITY_G || n > MAX_GRAVITY_G);
    }
    private final BrakingConfig config;
    private final BrakeDecision decision;
    private final FixIntervals intervals;
    private final EventSteps events;

    public BrakingDetector(BrakingConfig config) {
        this.config = config;
        this.decision = new BrakeDecision(config);
        this.intervals = new FixIntervals(config);
        this.events = new EventSteps(config, decision);
    }

    /**
     * How far (ms) the reading is behind the ride's last one of its kind, 0 when it is not: the detector's estimates
     * only move forward in time, so a reading behind is refused ({@link #onSample} and {@link #onFix} take it as no
     * reading). The join and the windows take a reading up to the tolerated disorder out of order; the detector cannot.
     */
    public static long behind(DetectorState s, SensorReading r) {
        long t = r.eventTime();
        if (r instanceof LocationFix) {
            return s.fixes.hasFix && t < s.fixes.latestFixTime ? s.fixes.latestFixTime - t : 0;
        }
        return s.started && t < s.lastSampleTime ? s.lastSampleTime - t : 0;
    }

    /** Feeds one accelerometer sample; returns the alerts it completes (usually none). */
    public List<BrakingOutput> onSample(DetectorState s, AccelerationSample a) {
        long t = a.eventTime();
        if (s.started && t < s.lastSampleTime) {
            return List.of(); // out of order: the running estimates only move forward in time
        }
        if (!Double.isFinite(a.x()) || !Double.isFinite(a.y()) || !Double.isFinite(a.z())) {
            return List.of(); // no reading (the ingest refuses one; the direct API may not): a NaN would stay in the state
        }
        double dt = s.started ? (t - s.lastSampleTime) / 1000.0 : 0;
        s.fixes.sampled(t, s.started ? t - s.lastSampleTime : Long.MAX_VALUE);
        if (!s.started) {
            if (Math.sqrt(a.x() * a.x() + a.y() * a.y() + a.z() * a.z()) < MIN_G) {
                // no gravity in it to start from (a sensor's zeros before its first measurement, a phone in free
                // fall): "up" would be 0/0, and the NaN would stay in the state and the summaries' peak deceleration
                return List.of();
            }
            s.started = true;
            s.gravity.start(new double[] {a.x(), a.y(), a.z()});
        }
        s.lastSampleTime = t;
        double[] r = s.filter.despike(a.x(), a.y(), a.z(), dt);
        double[] m = s.filter.mean(r, dt, config.smoothingS() / 2);
        s.check.onSample(t, r, dt);
        List<BrakingOutput> out = new ArrayList<>(0);
        BrakeEvent e = s.event;
        if (e.phase == BrakeEvent.REORIENTING) {
            s.fits.onSample(t, new double[3], dt);
            Reorientation.reorient(s, t, dt, r, m, config.leaveG());
            return out;
        }
        double[] beforeStop = s.gravity.onSample(t, r, m, dt, e.phase == BrakeEvent.IDLE, config.gravityTimeConstantS());
        if (beforeStop != null && Vectors.angleDeg(beforeStop, s.gravity.g) > STOP_TURN_DEG) {
            Reorientation.carryAxis(s, Vectors.unit(beforeStop), Vectors.unit(s.gravity.g)); // moved at the stop
        }
        double[] g = s.gravity.g;
        if (offScale(s)) {
            // Not a reading in g: a phone that reports m/s² reads gravity as 9.8, and every car's motion would be
            // 9.8 times too strong (a 0.05 g bump a 0.5 g "brake"). Nothing is detected on it; the ride's answer
            // shows it (DetectorState#gravityOffScale). An event open when the scale went is given up.
            if (e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED) {
                e.phase = BrakeEvent.IDLE;
            }
            return out;
        }
        double[] raw = {r[0] - g[0], r[1] - g[1], r[2] - g[2]};
        for (int i = 0; i < 3; i++) {
            s.fixes.intervalSum[i] += raw[i];
        }
        s.fixes.samplesSinceFix++;
        s.fits.onSample(t, raw, dt);

        double[] up = Vectors.unit(g);
        double[] sample = {a.x() - g[0], a.y() - g[1], a.z() - g[2]};
        double sampleUp = Vectors.dot(sample, up);
        s.held.add(t, new double[] {sample[0] - sampleUp * up[0], sample[1] - sampleUp * up[1], sample[2] - sampleUp * up[2]},
                dt, e.phase == BrakeEvent.IDLE);
        double[] d = {m[0] - g[0], m[1] - g[1], m[2] - g[2]};
        double vertical = Vectors.dot(d, up);
        double[] h = {d[0] - vertical * up[0], d[1] - vertical * up[1], d[2] - vertical * up[2]};
        double[] f = AxisCalibration.forward(s, up);
        double lon = f == null ? 0 : Vectors.dot(h, f);
        if (s.gravity.watch.integrate(h, dt)) {
            AxisCalibration.fromPullAway(s); // the pull-away points forward (no fitted axis only)
        }
        s.fixes.peakSinceFix = Math.max(s.fixes.peakSinceFix, -lon);
        events.step(s, t, h, vertical, lon, f, out, a.rideId());
        return out;
    }

    /** Feeds one GPS fix: calibration, GPS confirmation, GPS-only alerts, and the digest for the window summaries. */
    public List<BrakingOutput> onFix(DetectorState s, LocationFix fix) {
        long t = fix.eventTime();
        FixTrack x = s.fixes;
        if (x.hasFix && t < x.latestFixTime) {
            // out of order (a fix later than the merge's order, which the join and the windows judge on their own):
            // as for samples, the estimates only move forward in time. Taken, it would pair with the next fix over a
            // made-up interval, and a faster late fix reads as a GPS-only brake.
            return List.of();
        }
        if (fix.hasPosition()) { // a fix at 0°, 0° leaves an alert where the ride last was, not in the Gulf of Guinea
            x.lat = fix.latitude(); // before the pairing: a GPS-only alert of this fix is placed here
            x.lon = fix.longitude();
        }
        List<BrakingOutput> out = new ArrayList<>(2);
        boolean valid = fix.hasValidSpeed() && intervals.plausibleAfter(x, t, fix.speed());
        BrakeEvent e = s.event;
        // bridged: the open interval goes on over this fix (its speed unknown, or too soon after the interval's start)
        boolean bridged = valid ? intervals.tooSoon(x, t) : intervals.bridges(x, t);
        boolean paired = valid && !bridged && intervals.pair(s, fix, out);
        if (!paired && !bridged) {
            s.fits.onFix(t, 0, 0, false, true);
            if (valid) {
                x.trend = 0;
            }
        }
        if (valid) {
            s.fits.onSpeed(t, SpeedEstimate.assumedLagMs(s));
            decision.contradictPullAway(s, t, fix.speed());
            decision.verifySpeed(s, t, fix.speed());
            decision.confirm(s, t, fix.speed());
            decision.measureOffset(s, t, fix.speed());
            s.check.onSpeed(t, fix.speed(), e.phase == BrakeEvent.REORIENTING);
            if (s.gravity.watch.pulling && fix.speed() >= GravityEstimate.STANDING_MPS) {
                AxisCalibration.fromPullAway(s);
            }
            double[] beforeStop = s.gravity.onSpeed(t, fix.speed());
            if (beforeStop != null && Vectors.angleDeg(beforeStop, s.gravity.g) > STOP_TURN_DEG) {
                Reorientation.carryAxis(s, Vectors.unit(beforeStop), Vectors.unit(s.gravity.g)); // the phone was moved while the car stood
            }
            x.knownSpeed = fix.speed();
            x.knownSpeedTime = t;
        }
        decideIfSilent(s, t, out, fix.rideId());
        x.hasFix = true;
        x.latestFixTime = t;
        if (!bridged) {
            x.fixTime = t;
            x.fixSpeed = valid ? fix.speed() : -1;
            Arrays.fill(x.intervalSum, 0);
            x.samplesSinceFix = 0;
            x.intervalDirty = e.phase == BrakeEvent.REORIENTING;
        }
        out.add(BrakingOutput.digest(Math.max(0, x.peakSinceFix)));
        x.peakSinceFix = 0;
        return out;
    }

    /**
     * The accelerometer has gone silent with an event open while the GPS goes on (a phone that stops sending, or a
     * gap): nothing will end or decide the event, and an open event holds back the GPS-only path for the rest of the
     * ride. After {@value #SILENT_MS} ms without a sample the event ends at the last sample and is decided on what it
     * has, the GPS evidence of this fix included; if that is too late for the emission bound
     * ({@link BrakingConfig#maxEmitDelay()}), it is dropped and the GPS-only path takes over. A handling under way
     * (the phone being moved) gives up the event it suspended.
     */
    private void decideIfSilent(DetectorState s, long t, List<BrakingOutput> out, String rideId) {
        BrakeEvent e = s.event;
        if (e.phase == BrakeEvent.REORIENTING && t - s.lastSampleTime >= SILENT_MS) {
            // The phone was being moved when its accelerometer went silent: with no sample to say where it settled,
            // the handling cannot end, and the event it suspended held back the GPS-only path for the rest of the
            // ride. The suspended event is given up (it looked like a handling, not a brake); the handling itself
            // stays open, so samples that come back finish it (gravity, the axis carried) as they would have.
            e.suspended = false;
            return;
        }
        if (!(e.phase == BrakeEvent.IN_EVENT || e.phase == BrakeEvent.ENDED) || t - s.lastSampleTime < SILENT_MS) {
            return;
        }
        if (e.phase == BrakeEvent.IN_EVENT && (s.lastSampleTime - e.segmentStart) / 1000.0 >= config.minDurationS()) {
            e.end = s.lastSampleTime;
        }
        double[] f = AxisCalibration.forward(s, Vectors.unit(s.gravity.g));
        boolean inTime = t - e.end <= config.maxEmitDelay().toMillis();
        if (e.end > e.start && inTime && e.speedKnown && decision.isBrake(s, f)) {
            out.add(BrakingOutput.alert(AccelerometerAlert.of(s, rideId, decision)));
        }
        e.phase = BrakeEvent.IDLE;
    }

    /** Without a sample for this long (ms) while fixes come, the accelerometer is taken to have gone silent. */
    static final long SILENT_MS = 1_500;

    /**
     * Whether only {@link #onRideSilent} can still decide this ride's event: one is open or ended and waits for the
     * ride's own later records, which a ride that ends with a brake (a trip's last stop) never sends.
     */
    static boolean undecided(DetectorState s) {
        return s.event.phase == BrakeEvent.IN_EVENT || s.event.phase == BrakeEvent.ENDED;
    }

    /**
     * The ride has sent nothing, neither sample nor fix, for {@code silentMs} (at least {@value #SILENT_MS} ms) of its
     * task's event time, now {@code now} (its task's other rides, or the closing records, moved time on): it ended or
     * stopped sending. An
     * open or ended event is decided on what it has, as {@link #decideIfSilent} does for an accelerometer that went
     * silent while the GPS went on; without this, a brake at a ride's very end would be lost without a trace. The
     * alert may come later than {@link BrakingConfig#maxEmitDelay()} after the brake, when a window of the summaries
     * has closed meanwhile: those count it as a late dead letter.
     */
    public List<BrakingOutput> onRideSilent(DetectorState s, long now, long silentMs, String rideId) {
        BrakeEvent e = s.event;
        if (!undecided(s) || now - s.lastEventTime() < Math.max(SILENT_MS, silentMs)) {
            return List.of();
        }
        if (e.phase == BrakeEvent.IN_EVENT && (s.lastSampleTime - e.segmentStart) / 1000.0 >= config.minDurationS()) {
            e.end = s.lastSampleTime;
        }
        double[] f = AxisCalibration.forward(s, Vectors.unit(s.gravity.g));
        List<BrakingOutput> out = new ArrayList<>(1);
        if (e.end > e.start && e.speedKnown && decision.isBrake(s, f)) {
            out.add(BrakingOutput.alert(AccelerometerAlert.of(s, rideId, decision)));
        }
        e.phase = BrakeEvent.IDLE;
        return out;
    }
}
