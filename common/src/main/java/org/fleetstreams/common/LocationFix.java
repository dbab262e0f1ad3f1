package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A GPS fix. JSON field names are exactly the course's ({@code offset,id,ride_id,uuid,course,
 * latitude,longitude,geohash,speed,accuracy}) plus {@code event_time} in epoch milliseconds.
 *
 * @param speed metres per second; {@code -1} means unknown (the iOS convention), not standing still
 * @param id    null for some rides in the real data
 */
@JsonPropertyOrder({"offset", "id", "ride_id", "uuid", "course", "latitude", "longitude", "geohash",
        "speed", "accuracy", "event_time"})
public record LocationFix(
        @JsonProperty("offset") double offset,
        @JsonProperty("id") String id,
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("course") double course,
        @JsonProperty("latitude") double latitude,
        @JsonProperty("longitude") double longitude,
        @JsonProperty("geohash") String geohash,
        @JsonProperty("speed") double speed,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("event_time") long eventTime) implements SensorReading {

    /** The value the iOS location API reports when it does not know the speed. */
    public static final double UNKNOWN_SPEED = -1.0;

    /** True when {@link #speed()} is a measurement rather than the "unknown" marker. */
    public boolean hasValidSpeed() {
        return speed >= 0 && Double.isFinite(speed);
    }

    @Override
    public LocationFix withIdentity(String newId, String newRideId, String newUuid, long newEventTime) {
        return new LocationFix(offset, newId, newRideId, newUuid, course, latitude, longitude, geohash,
                speed, accuracy, newEventTime);
    }
}
