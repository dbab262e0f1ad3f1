package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.fleetstreams.state.StoreFormat;

/** The event in progress or waiting for the merge gap (and its GPS confirmation), and the phase of the detector. */
final class BrakeEvent {

    /** Idle, in an event, ended and waiting the merge gap, or the phone is being moved. */
    static final int IDLE = 0;
    static final int IN_EVENT = 1;
    static final int ENDED = 2;
    static final int REORIENTING = 3;

    int phase = IDLE;
    long start;
    long end;
    long segmentStart;
    /** The time (ms) of the coasts between the merged parts of the event: no part of its deceleration. */
    long gapMs;
    /** Σ|h| and the samples since the event last ended, to tell a coast (near 0) from a dip under leaveG. */
    double gapSum;
    int gapCount;
    /** The highest level the horizontal reading held in the event ({@link HeldLevel}, g). */
    double held;
    double peakLon;
    double sumLon;
    double peakH;
    double sumH;
    double[] h = new double[3];
    double sumVertical;
    double sumHalfH2;
    int count;
    double speedBefore;
    boolean hasPlace;
    double lat;
    double lon;
    boolean calibrated;
    /** It looked like the phone turning and was held until the phone was steady again. */
    boolean suspended;
    /**
     * The car was known to be at the minimum speed or more at onset. An event that began while the last GPS speed was
     * too old to tell (a pull-away between sparse fixes) waits for a fix that describes its onset.
     */
    boolean speedKnown;
    /** Best share of the implied speed loss that a lag-corrected GPS fix confirmed; NaN before any such fix. */
    double confirmed = Double.NaN;
    /** The speed drop (m/s) behind {@link #confirmed}. */
    double drop;
    long lastEnd = Long.MIN_VALUE;
    /**
     * Mean deceleration (g) the GPS measured over the longest stretch of the event it has seen, once that stretch is
     * {@link BrakeDecision#GPS_MEASURES_MS} long; NaN before. Free of any gravity error, unlike the accelerometer.
     */
    double gpsDecel = Double.NaN;
    /** The forward axis in use when the event began (its along-axis figures are measured on it). */
    double[] forward = new double[3];
    /** ∫ dynamic acceleration dt ({@link LagFits}) when the event began (g·s). */
    double[] integralAtStart = new double[3];
    /** Gravity when the event began (it is held during an event). */
    double[] g0 = new double[3];
    /** The fix before the event the gravity-error check measures from ({@link GravityErrorCheck}); MIN_VALUE: none. */
    long preFixTime = Long.MIN_VALUE;
    double preFixSpeed;
    double[] preFix = new double[3 * GravityErrorCheck.LAGS];
    /**
     * The last interval between two valid fixes before the onset ({@link GravityErrorCheck#preOffset}): the mean raw
     * reading over it at each candidate lag (g) and the GPS deceleration over it (g); NaN: none usable.
     */
    double[] preMean = new double[3 * GravityErrorCheck.LAGS];
    double preGpsDecel = Double.NaN;
    /** How far the reading over-read the event (g), from a fix after it ({@link GravityErrorCheck}); NaN before. */
    double offset = Double.NaN;
    /**
     * The rotation test was refuted: the reading the phone settled at sits off gravity horizontally, as a sustained
     * acceleration does, not around the sphere as a new attitude does ({@link Reorientation}).
     */
    boolean flat;
    /** Σ vertical and Σ |h|²/2 of the reading against the held gravity while the suspected rotation settles. */
    double settleVertical;
    double settleHalfH2;

    void begin(long t, double knownSpeed, FixTrack fixes, double[] gravity, GravityErrorCheck check, double[] axis) {
        g0 = gravity.clone();
        forward = axis == null ? new double[3] : axis.clone();
        offset = Double.NaN;
        flat = false;
        settleVertical = 0;
        settleHalfH2 = 0;
        // The latest fix a second or more before the onset: a brake's ramp starts before the reading crosses enterG.
        boolean last = check.lastTime != Long.MIN_VALUE && (check.lastTime <= t - PRE_FIX_MS || check.previousTime == Long.MIN_VALUE);
        preFixTime = last ? check.lastTime : check.previousTime;
        preFixSpeed = last ? check.lastSpeed : check.previousSpeed;
        preFix = (last ? check.atLast : check.atPrevious).clone();
        preGpsDecel = check.preInterval(t, preMean);
        phase = IN_EVENT;
        start = t;
        segmentStart = t;
        gapMs = 0;
        gapSum = 0;
        gapCount = 0;
        held = 0;
        end = t;
        peakLon = Double.NEGATIVE_INFINITY;
        sumLon = 0;
        peakH = 0;
        sumH = 0;
        Arrays.fill(h, 0);
        sumVertical = 0;
        sumHalfH2 = 0;
        count = 0;
        speedBefore = knownSpeed;
        hasPlace = fixes.hasPlace();
        lat = fixes.lat;
        lon = fixes.lon;
        calibrated = true;
        suspended = false;
        speedKnown = true;
        confirmed = Double.NaN;
        gpsDecel = Double.NaN;
    }

    /** The fix the gravity-error check measures from is preferably this long before the onset (ms). */
    static final long PRE_FIX_MS = 1_000;

    double meanH() {
        return count == 0 ? 0 : sumH / count;
    }

    void write(ByteBuffer b) {
        b.put(StoreFormat.flags(hasPlace, calibrated, suspended, speedKnown, flat));
        b.putInt(phase).putLong(start).putLong(end).putLong(segmentStart).putLong(gapMs).putDouble(gapSum).putInt(gapCount).putDouble(held).putDouble(peakLon).putDouble(sumLon)
                .putDouble(peakH).putDouble(sumH);
        StoreFormat.putArray(b, h);
        b.putDouble(sumVertical).putDouble(sumHalfH2).putInt(count).putDouble(speedBefore).putDouble(lat).putDouble(lon)
                .putDouble(confirmed).putDouble(drop).putLong(lastEnd)
                .putDouble(gpsDecel);
        StoreFormat.putArray(b, integralAtStart);
        StoreFormat.putArray(b, forward);
        StoreFormat.putArray(b, g0);
        b.putLong(preFixTime).putDouble(preFixSpeed);
        StoreFormat.putArray(b, preFix);
        b.putDouble(offset).putDouble(settleVertical).putDouble(settleHalfH2);
        StoreFormat.putArray(b, preMean);
        b.putDouble(preGpsDecel);
    }

    static BrakeEvent read(ByteBuffer b) {
        BrakeEvent e = new BrakeEvent();
        byte f = b.get();
        e.hasPlace = StoreFormat.bit(f, 0);
        e.calibrated = StoreFormat.bit(f, 1);
        e.suspended = StoreFormat.bit(f, 2);
        e.speedKnown = StoreFormat.bit(f, 3);
        e.flat = StoreFormat.bit(f, 4);
        e.phase = b.getInt();
        e.start = b.getLong();
        e.end = b.getLong();
        e.segmentStart = b.getLong();
        e.gapMs = b.getLong();
        e.gapSum = b.getDouble();
        e.gapCount = b.getInt();
        e.held = b.getDouble();
        e.peakLon = b.getDouble();
        e.sumLon = b.getDouble();
        e.peakH = b.getDouble();
        e.sumH = b.getDouble();
        e.h = StoreFormat.getArray(b);
        e.sumVertical = b.getDouble();
        e.sumHalfH2 = b.getDouble();
        e.count = b.getInt();
        e.speedBefore = b.getDouble();
        e.lat = b.getDouble();
        e.lon = b.getDouble();
        e.confirmed = b.getDouble();
        e.drop = b.getDouble();
        e.lastEnd = b.getLong();
        e.gpsDecel = b.getDouble();
        e.integralAtStart = StoreFormat.getArray(b);
        e.forward = StoreFormat.getArray(b);
        e.g0 = StoreFormat.getArray(b);
        e.preFixTime = b.getLong();
        e.preFixSpeed = b.getDouble();
        e.preFix = StoreFormat.getArray(b);
        e.offset = b.getDouble();
        e.settleVertical = b.getDouble();
        e.settleHalfH2 = b.getDouble();
        e.preMean = StoreFormat.getArray(b);
        e.preGpsDecel = b.getDouble();
        return e;
    }
}
