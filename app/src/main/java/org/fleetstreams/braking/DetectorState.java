package org.fleetstreams.braking;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

/**
 * One ride's detector state, kept in the {@code harsh-braking-state} store. A plain mutable holder: the detector
 * updates it in place per record, the store serializes it (JSON; fields only).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class DetectorState {

    // Gravity: running mean of the raw samples, in the phone's frame (g).
    boolean started;
    long lastSampleTime;
    double gx;
    double gy;
    double gz;

    // Mean dynamic acceleration since the last fix: the regressor for that fix's dv/dt.
    double sumDx;
    double sumDy;
    double sumDz;
    int samplesSinceFix;

    // Normal equations of dv/dt (g) ≈ w · d, no intercept; sums of y and y² for R².
    double sxx;
    double sxy;
    double sxz;
    double syy;
    double syz;
    double szz;
    double sxt;
    double syt;
    double szt;
    double st;
    double stt;
    int pairs;

    // Forward axis once calibrated (unit vector, phone frame) and the fit's R².
    boolean calibrated;
    double fx;
    double fy;
    double fz;
    double r2;

    // Last fix; the last known (valid) speed.
    boolean hasFix;
    long fixTime;
    double fixSpeed = -1;
    double fixLat;
    double fixLon;
    double knownSpeed = Double.NaN;
    long knownSpeedTime;

    // Moving average of longitudinal acceleration.
    double[] window = new double[0];
    int windowPos;
    int windowCount;
    double windowSum;

    // The event in progress (phase 1) or ended but waiting for the merge gap (phase 2).
    int phase;
    long eventStart;
    long eventEnd;
    double eventPeak;
    double eventSum;
    int eventCount;
    double eventSpeedBefore;
    boolean eventHasPlace;
    double eventLat;
    double eventLon;
    boolean eventCalibrated;
    long lastEventEnd = Long.MIN_VALUE;

    // Largest smoothed deceleration since the last fix, for the window summaries.
    double peakSinceFix;

    public boolean calibrated() {
        return calibrated;
    }

    public double[] forwardAxis() {
        return new double[] {fx, fy, fz};
    }

    public double r2() {
        return r2;
    }

    public int calibrationPairs() {
        return pairs;
    }
}
