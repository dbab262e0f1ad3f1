package org.fleetstreams.braking;

/** The sample clean-up: a per-axis median of five (despiking) and a moving mean, over ring buffers in the state. */
final class Filters {

    private Filters() {
    }

    /** Adds a raw sample; returns the per-axis median of the last five (fewer at the start). */
    static double[] despike(DetectorState s, double x, double y, double z) {
        double[] ring = s.despike;
        int cap = ring.length / 3;
        ring[3 * s.despikePos] = x;
        ring[3 * s.despikePos + 1] = y;
        ring[3 * s.despikePos + 2] = z;
        s.despikePos = (s.despikePos + 1) % cap;
        s.despikeCount = Math.min(cap, s.despikeCount + 1);
        double[] out = new double[3];
        double[] v = new double[s.despikeCount];
        for (int axis = 0; axis < 3; axis++) {
            for (int i = 0; i < s.despikeCount; i++) {
                v[i] = ring[3 * i + axis];
            }
            java.util.Arrays.sort(v);
            out[axis] = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
        return out;
    }

    /** Adds a despiked sample to the moving mean; returns the mean over the window (fewer at the start). */
    static double[] mean(DetectorState s, double[] r) {
        double[] ring = s.box;
        int cap = ring.length / 3;
        if (s.boxCount == cap) {
            for (int i = 0; i < 3; i++) {
                s.boxSum[i] -= ring[3 * s.boxPos + i];
            }
        } else {
            s.boxCount++;
        }
        for (int i = 0; i < 3; i++) {
            ring[3 * s.boxPos + i] = r[i];
            s.boxSum[i] += r[i];
        }
        s.boxPos = (s.boxPos + 1) % cap;
        return new double[] {s.boxSum[0] / s.boxCount, s.boxSum[1] / s.boxCount, s.boxSum[2] / s.boxCount};
    }
}
