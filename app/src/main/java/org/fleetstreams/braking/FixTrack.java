package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/** The last GPS fix, the last valid speed, and what the accelerometer saw since the last fix. */
final class FixTrack {

    boolean hasFix;
    long fixTime;
    double fixSpeed = -1;
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

    void write(ByteBuffer b) {
        b.put(StoreFormat.flags(hasFix, intervalDirty));
        b.putLong(fixTime).putDouble(fixSpeed).putDouble(lat).putDouble(lon).putDouble(knownSpeed).putLong(knownSpeedTime);
        StoreFormat.putArray(b, intervalSum);
        b.putInt(samplesSinceFix).putDouble(peakSinceFix).putDouble(trend);
    }

    static FixTrack read(ByteBuffer b) {
        FixTrack f = new FixTrack();
        byte flags = b.get();
        f.hasFix = StoreFormat.bit(flags, 0);
        f.intervalDirty = StoreFormat.bit(flags, 1);
        f.fixTime = b.getLong();
        f.fixSpeed = b.getDouble();
        f.lat = b.getDouble();
        f.lon = b.getDouble();
        f.knownSpeed = b.getDouble();
        f.knownSpeedTime = b.getLong();
        f.intervalSum = StoreFormat.getArray(b);
        f.samplesSinceFix = b.getInt();
        f.peakSinceFix = b.getDouble();
        f.trend = b.getDouble();
        return f;
    }
}
