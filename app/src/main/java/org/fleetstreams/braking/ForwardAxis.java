package org.fleetstreams.braking;

import java.nio.ByteBuffer;
import org.fleetstreams.state.StoreFormat;

/** The forward axis in use: not known yet (the −z fallback), provisional, fitted, or carried over a phone handling; and the GPS lag. */
final class ForwardAxis {

    static final int FALLBACK = 0;
    static final int CALIBRATED = 1;
    static final int STALE = 2;
    /** From the first GPS speed change, before a fit is good enough: better than −z, never trusted alone. */
    static final int PROVISIONAL = 3;
    /** The GPS lag assumed until a fit has measured it (ms): the middle of the candidates. */
    static final long DEFAULT_LAG_MS = 1_000;

    int source = FALLBACK;
    double[] forward = new double[3];
    double r2;
    int pairs;
    long lagMs = -1;

    long lagOrDefault() {
        return lagMs >= 0 ? lagMs : DEFAULT_LAG_MS;
    }

    void write(ByteBuffer b) {
        b.putInt(source);
        StoreFormat.putArray(b, forward);
        b.putDouble(r2).putInt(pairs).putLong(lagMs);
    }

    static ForwardAxis read(ByteBuffer b) {
        ForwardAxis a = new ForwardAxis();
        a.source = b.getInt();
        a.forward = StoreFormat.getArray(b);
        a.r2 = b.getDouble();
        a.pairs = b.getInt();
        a.lagMs = b.getLong();
        return a;
    }
}
