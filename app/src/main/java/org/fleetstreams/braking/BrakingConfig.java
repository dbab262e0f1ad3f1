package org.fleetstreams.braking;

/**
 * Every threshold of the harsh-braking detector. Defaults follow telematics practice (harsh from about 0.30 g).
 *
 * @param gravityTimeConstantS  gravity is a running mean this slow; a fast low-pass would swallow a 2–4 s brake
 * @param smoothingS            longitudinal acceleration is averaged over this window (a 20 ms pothole spike of
 *                              1 g averages to 0.04 g)
 * @param enterG                an event starts when smoothed longitudinal acceleration falls below −enterG
 * @param leaveG                and ends when it rises above −leaveG (hysteresis)
 * @param minDurationS          shorter events are dropped
 * @param mergeGapS             events closer than this are one event
 * @param minSpeedMps           only at this GPS speed or more at onset
 * @param minCalibrationPairs   GPS speed changes needed before the forward axis is trusted
 * @param minR2                 and the fit must explain this much of the GPS dv/dt
 * @param gpsOnlyDecelMps2      the GPS-only path alerts at Δv/Δt at or below −this between valid fixes
 * @param maxFixGapS            fixes further apart than this are not used for dv/dt
 */
public record BrakingConfig(double gravityTimeConstantS, double smoothingS, double enterG, double leaveG,
                            double minDurationS, double mergeGapS, double minSpeedMps, int minCalibrationPairs,
                            double minR2, double gpsOnlyDecelMps2, double maxFixGapS) {

    public static BrakingConfig defaults() {
        return new BrakingConfig(10.0, 0.5, 0.30, 0.25, 0.5, 2.0, 5.0, 8, 0.5, 3.1, 5.0);
    }
}
