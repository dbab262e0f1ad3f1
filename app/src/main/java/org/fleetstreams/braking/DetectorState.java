package org.fleetstreams.braking;

import java.nio.ByteBuffer;

/**
 * One ride's detector state, kept in the {@code harsh-braking-state} store. A plain mutable holder: the detector
 * updates it in place per record; {@link #toBytes()} / {@link #fromBytes(byte[])} are its store format.
 *
 * <p>The store is written once per accelerometer sample (50 Hz per car), so the format is a fixed binary layout
 * rather than JSON: about 600 bytes, no field names, no reflection. The first byte is a format version.
 */
public final class DetectorState {

    static final byte FORMAT = 2;

    /** The forward axis: not known yet (the −z fallback is in use), fitted, or carried over a phone handling. */
    static final int AXIS_FALLBACK = 0;
    static final int AXIS_CALIBRATED = 1;
    static final int AXIS_STALE = 2;

    /** Idle, in an event, ended and waiting the merge gap, or the phone is being moved. */
    static final int IDLE = 0;
    static final int IN_EVENT = 1;
    static final int ENDED = 2;
    static final int REORIENTING = 3;

    boolean started;
    long lastSampleTime;

    // Despiking: the last five raw samples (x, y, z interleaved); the median of five removes a 10–20 ms jolt.
    double[] despike = new double[15];
    int despikeCount;
    int despikePos;

    // Moving mean of the despiked samples (x, y, z interleaved) and its running sums.
    double[] box = new double[0];
    int boxCount;
    int boxPos;
    double[] boxSum = new double[3];

    // Gravity in the phone frame (g); frozen while the GPS says the car's mean acceleration is not zero.
    double[] gravity = new double[3];
    boolean gpsSteady = true;
    long frozenSince;

    // Mean dynamic acceleration since the last fix: the regressor for that fix's dv/dt.
    double[] intervalSum = new double[3];
    int samplesSinceFix;
    boolean intervalDirty;

    // Forward-axis fit (AxisFit): normal equations and Σy².
    double[] fit = new double[10];
    double fitWeight;
    int pairs;
    int axis = AXIS_FALLBACK;
    double[] forward = new double[3];
    double r2;

    // Last fix; the last known (valid) speed.
    boolean hasFix;
    long fixTime;
    double fixSpeed = -1;
    double fixLat;
    double fixLon;
    double knownSpeed = Double.NaN;
    long knownSpeedTime;

    // The event in progress or waiting for the merge gap.
    int phase = IDLE;
    long eventStart;
    long eventEnd;
    double eventPeakLon;
    double eventSumLon;
    double eventPeakH;
    double eventSumH;
    long segmentStart;
    double[] eventH = new double[3];
    double eventSumVertical;
    double eventSumHalfH2;
    int eventCount;
    double eventSpeedBefore;
    boolean eventHasPlace;
    double eventLat;
    double eventLon;
    boolean eventCalibrated;
    long lastEventEnd = Long.MIN_VALUE;

    // While the phone is moved: a fast gravity estimate and since when it has been steady.
    double[] fastGravity = new double[3];
    long steadySince;

    // Largest smoothed deceleration since the last fix, for the window summaries.
    double peakSinceFix;

    public boolean calibrated() {
        return axis == AXIS_CALIBRATED;
    }

    /** The fitted forward axis (unit vector in the phone frame); meaningful when {@link #calibrated()}. */
    public double[] forwardAxis() {
        return forward.clone();
    }

    public double r2() {
        return r2;
    }

    public int calibrationPairs() {
        return pairs;
    }

    /** Mean dynamic acceleration (phone frame, g) since the last fix; null before any sample since it. */
    public double[] meanDynamicSinceFix() {
        return samplesSinceFix == 0 ? null
                : new double[] {intervalSum[0] / samplesSinceFix, intervalSum[1] / samplesSinceFix, intervalSum[2] / samplesSinceFix};
    }

    /** The forward axis the detector uses now (fitted, carried over a handling, or the −z fallback); null if none. */
    public double[] forwardInUse() {
        double n = Vectors.norm(gravity);
        return n == 0 ? null : BrakingDetector.forward(this, new double[] {gravity[0] / n, gravity[1] / n, gravity[2] / n});
    }

    /** "fitted", "carried over a handling" or "fallback -z". */
    public String axisSource() {
        return axis == AXIS_CALIBRATED ? "fitted" : axis == AXIS_STALE ? "carried over a handling" : "fallback -z";
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(256 + 8 * (despike.length + box.length + fit.length + 20));
        b.put(FORMAT);
        b.put(flags(started, gpsSteady, intervalDirty, hasFix, eventHasPlace, eventCalibrated));
        b.putLong(lastSampleTime);
        putArray(b, despike);
        b.putInt(despikeCount).putInt(despikePos);
        putArray(b, box);
        b.putInt(boxCount).putInt(boxPos);
        putArray(b, boxSum);
        putArray(b, gravity);
        b.putLong(frozenSince);
        putArray(b, intervalSum);
        b.putInt(samplesSinceFix);
        putArray(b, fit);
        b.putDouble(fitWeight);
        b.putInt(pairs).putInt(axis);
        putArray(b, forward);
        b.putDouble(r2);
        b.putLong(fixTime).putDouble(fixSpeed).putDouble(fixLat).putDouble(fixLon).putDouble(knownSpeed)
                .putLong(knownSpeedTime);
        b.putInt(phase).putLong(eventStart).putLong(eventEnd).putDouble(eventPeakLon).putDouble(eventSumLon)
                .putDouble(eventPeakH).putDouble(eventSumH).putLong(segmentStart);
        putArray(b, eventH);
        b.putDouble(eventSumVertical).putDouble(eventSumHalfH2).putInt(eventCount).putDouble(eventSpeedBefore)
                .putDouble(eventLat).putDouble(eventLon).putLong(lastEventEnd);
        putArray(b, fastGravity);
        b.putLong(steadySince).putDouble(peakSinceFix);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    public static DetectorState fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.get() != FORMAT) {
            throw new IllegalArgumentException("harsh-braking state in an unknown format " + bytes[0] + "; expected " + FORMAT);
        }
        DetectorState s = new DetectorState();
        byte f = b.get();
        s.started = (f & 1) != 0;
        s.gpsSteady = (f & 2) != 0;
        s.intervalDirty = (f & 4) != 0;
        s.hasFix = (f & 8) != 0;
        s.eventHasPlace = (f & 16) != 0;
        s.eventCalibrated = (f & 32) != 0;
        s.lastSampleTime = b.getLong();
        s.despike = getArray(b);
        s.despikeCount = b.getInt();
        s.despikePos = b.getInt();
        s.box = getArray(b);
        s.boxCount = b.getInt();
        s.boxPos = b.getInt();
        s.boxSum = getArray(b);
        s.gravity = getArray(b);
        s.frozenSince = b.getLong();
        s.intervalSum = getArray(b);
        s.samplesSinceFix = b.getInt();
        s.fit = getArray(b);
        s.fitWeight = b.getDouble();
        s.pairs = b.getInt();
        s.axis = b.getInt();
        s.forward = getArray(b);
        s.r2 = b.getDouble();
        s.fixTime = b.getLong();
        s.fixSpeed = b.getDouble();
        s.fixLat = b.getDouble();
        s.fixLon = b.getDouble();
        s.knownSpeed = b.getDouble();
        s.knownSpeedTime = b.getLong();
        s.phase = b.getInt();
        s.eventStart = b.getLong();
        s.eventEnd = b.getLong();
        s.eventPeakLon = b.getDouble();
        s.eventSumLon = b.getDouble();
        s.eventPeakH = b.getDouble();
        s.eventSumH = b.getDouble();
        s.segmentStart = b.getLong();
        s.eventH = getArray(b);
        s.eventSumVertical = b.getDouble();
        s.eventSumHalfH2 = b.getDouble();
        s.eventCount = b.getInt();
        s.eventSpeedBefore = b.getDouble();
        s.eventLat = b.getDouble();
        s.eventLon = b.getDouble();
        s.lastEventEnd = b.getLong();
        s.fastGravity = getArray(b);
        s.steadySince = b.getLong();
        s.peakSinceFix = b.getDouble();
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("harsh-braking state has " + b.remaining() + " unexpected trailing bytes");
        }
        return s;
    }

    private static byte flags(boolean... bits) {
        int f = 0;
        for (int i = 0; i < bits.length; i++) {
            f |= bits[i] ? 1 << i : 0;
        }
        return (byte) f;
    }

    private static void putArray(ByteBuffer b, double[] a) {
        b.putShort((short) a.length);
        for (double v : a) {
            b.putDouble(v);
        }
    }

    private static double[] getArray(ByteBuffer b) {
        double[] a = new double[b.getShort()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getDouble();
        }
        return a;
    }
}
