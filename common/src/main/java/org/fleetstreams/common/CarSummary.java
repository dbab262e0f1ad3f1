package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one car did in one window. Speeds in m/s over fixes with a known speed (speed −1 is left out; null when
 * the window has none): {@code gps_fixes} counts every fix, {@code speed_fixes} those with a known speed, the
 * mean's weight when windows are combined (a ride's mean over several windows is Σ mean·speed_fixes / Σ speed_fixes;
 * null in a summary written before the field, which a reader of old topics or a restored store may meet); distance
 * in metres, haversine over consecutive fixes in event-time order; peak deceleration: the largest smoothed
 * longitudinal deceleration (g) the braking detector saw; harsh-braking count: alerts that ended in the window.
 */
@JsonPropertyOrder({"ride_id", "window_start", "window_end", "gps_fixes", "speed_fixes", "mean_speed", "max_speed",
        "distance_m", "accel_samples", "peak_decel_g", "harsh_braking_count"})
public record CarSummary(
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("window_start") long windowStart,
        @JsonProperty("window_end") long windowEnd,
        @JsonProperty("gps_fixes") int gpsFixes,
        @JsonProperty("speed_fixes") Integer speedFixes,
        @JsonProperty("mean_speed") Double meanSpeed,
        @JsonProperty("max_speed") Double maxSpeed,
        @JsonProperty("distance_m") double distanceMetres,
        @JsonProperty("accel_samples") long accelSamples,
        @JsonProperty("peak_decel_g") double peakDecelG,
        @JsonProperty("harsh_braking_count") int harshBrakingCount) {
}
