package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/**
 * The ride's GPS interval open since its last fix with a usable speed, the last valid speed, and what the accelerometer
 * saw since that fix. A fix with an unknown speed (−1) does not end the interval ({@code BrakingDetector.onFix}), so
 * {@link #fixTime} is the time of the fix the open interval started at (one with a usable speed, or one without that
 * ended an interval) and {@link #latestFixTime} that of the latest fix (later than {@code fixTime}: the interval is
 * bridging a fix, {@link FixIntervals#openAt}); {@link #intervalSum} and
 * {@link #samplesSinceFix} count from {@link #fixTime}.
 */
final class FixTrack {

    boolean hasFix;
    /** The time of the fix the open interval starts at: the ride's last fix with a usable speed, or one that ended an interval. */
    long fixTime;
    /** The time of the ride's latest fix, whatever its speed (the detector's order check and its last event time). */
    long latestFixTime;
    double fixSpeed = -1;
    /** The latest fix's position; the one before it when that fix was at 0°, 0° ({@link #hasPlace}). */
    double lat;
    double lon;
    double knownSpeed = Double.NaN;
    long knownSpeedTime;
    double[] intervalSum = new double[3];
    int samplesSinceFix;
    boolean intervalDirty;
    double peakSinceFix;
    /** GPS dv/dt over the last interval between valid fixes (m/s²), 0 when unknown. */
    double trend;
    /**
     * The time of the ride's latest sample that came more than {@link FixIntervals#STREAMING_GAP_MS} after the one
     * before it, or of its first sample (what came before that is not known): whether the accelerometer covered the
     * stretch a GPS-only brake is judged on ({@code FixIntervals}). {@link Long#MIN_VALUE} before any sample.
     */
    long gapEndedAt = Long.MIN_VALUE;

    /** Whether an alert has a place: a fix of the ride was somewhere other than 0°, 0° (which is no place). */
    boolean hasPlace() {
        return hasFix && (lat != 0 || lon != 0);
    }

    Double placeLat() {
        return hasPlace() ? lat : null;
    }

    Double placeLon() {
        return hasPlace() ? lon : null;
    }

    /** A sample at {@code t}, {@code gapMs} after the one before ({@link Long#MAX_VALUE} for a ride's first). */
    void sampled(long t, long gapMs) {
        if (gapMs > FixIntervals.STREAMING_GAP_MS) {
            gapEndedAt = t;
        }
    }

    void write(ByteBuffer b) {
        b.put(StoreFormat.flags(hasFix, intervalDirty));
        b.putLong(fixTime).putLong(latestFixTime).putDouble(fixSpeed).putDouble(lat).putDouble(lon).putDouble(knownSpeed).putLong(knownSpeedTime);
        StoreFormat.putArray(b, intervalSum);
        b.putInt(samplesSinceFix).putDouble(peakSinceFix).putDouble(trend);
        b.putLong(gapEndedAt);
    }

    static FixTrack read(ByteBuffer b) {
        FixTrack f = new FixTrack();
        byte flags = b.get();
        f.hasFix = StoreFormat.bit(flags, 0);
        f.intervalDirty = StoreFormat.bit(flags, 1);
        f.fixTime = b.getLong();
        f.latestFixTime = b.getLong();
        f.fixSpeed = b.getDouble();
        f.lat = b.getDouble();
        f.lon = b.getDouble();
        f.knownSpeed = b.getDouble();
        f.knownSpeedTime = b.getLong();
        f.intervalSum = StoreFormat.getArray(b);
        f.samplesSinceFix = b.getInt();
        f.peakSinceFix = b.getDouble();
        f.trend = b.getDouble();
        f.gapEndedAt = b.getLong();
        return f;
    }
}
