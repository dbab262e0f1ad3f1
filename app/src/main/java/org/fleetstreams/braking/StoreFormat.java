package org.fleetstreams.braking;

import java.nio.ByteBuffer;

/** Helpers for the detector state's fixed binary store format (each part writes and reads its own fields). */
final class StoreFormat {

    private StoreFormat() {
    }

    static void putArray(ByteBuffer b, double[] a) {
        b.putShort((short) a.length);
        for (double v : a) {
            b.putDouble(v);
        }
    }

    static double[] getArray(ByteBuffer b) {
        double[] a = new double[b.getShort()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getDouble();
        }
        return a;
    }

    static byte flags(boolean... bits) {
        int f = 0;
        for (int i = 0; i < bits.length; i++) {
            f |= bits[i] ? 1 << i : 0;
        }
        return (byte) f;
    }

    static boolean bit(byte flags, int i) {
        return (flags & (1 << i)) != 0;
    }
}
