package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One harsh-braking event of one car. Decelerations are positive numbers in g; speeds in m/s (null when the GPS
 * did not report one); times are event times in epoch ms.
 *
 * @param severity   moderate (0.30–0.40 g), harsh (0.40–0.50 g) or severe (≥ 0.50 g), by peak deceleration
 * @param confidence high: forward axis calibrated and GPS speed drop confirms; medium: one of the two; low: neither
 * @param source     "accelerometer", or "gps" for the GPS-only path (Δv/Δt between fixes)
 */
@JsonPropertyOrder({"ride_id", "start_time", "end_time", "duration_ms", "peak_decel_g", "mean_decel_g", "speed_before",
        "speed_after", "severity", "confidence", "source", "latitude", "longitude"})
public record HarshBrakingAlert(
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("start_time") long startTime,
        @JsonProperty("end_time") long endTime,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("peak_decel_g") double peakDecelG,
        @JsonProperty("mean_decel_g") double meanDecelG,
        @JsonProperty("speed_before") Double speedBefore,
        @JsonProperty("speed_after") Double speedAfter,
        @JsonProperty("severity") String severity,
        @JsonProperty("confidence") String confidence,
        @JsonProperty("source") String source,
        @JsonProperty("latitude") Double latitude,
        @JsonProperty("longitude") Double longitude) {

    /** The severities, mildest first ({@link #severityOf}). */
    public static final String MODERATE = "moderate";
    public static final String HARSH = "harsh";
    public static final String SEVERE = "severe";
    public static final List<String> SEVERITIES = List.of(MODERATE, HARSH, SEVERE);
    /** The confidences. */
    public static final String HIGH = "high";
    public static final String MEDIUM = "medium";
    public static final String LOW = "low";
    /** The sources. */
    public static final String ACCELEROMETER = "accelerometer";
    public static final String GPS = "gps";

    public static String severityOf(double peakDecelG) {
        return peakDecelG >= 0.50 ? SEVERE : peakDecelG >= 0.40 ? HARSH : MODERATE;
    }
}
