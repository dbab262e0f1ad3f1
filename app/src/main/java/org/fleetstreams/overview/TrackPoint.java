package org.fleetstreams.overview;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One GPS fix of a ride's recent track, as a compact JSON array {@code [t, lat, lon, speed, accel_g]}.
 *
 * @param t      event time, epoch ms
 * @param speed  m/s, null when the fix has no valid speed (iOS −1)
 * @param accelG longitudinal acceleration from GPS, Δspeed/Δt between this fix and the previous one with a speed, in
 *               g (negative = braking); null without two speeds at most 10 s apart
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"t", "lat", "lon", "speed", "accelG"})
public record TrackPoint(long t, double lat, double lon, Double speed, Double accelG) {
}
