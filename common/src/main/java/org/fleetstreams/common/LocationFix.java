package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A GPS fix. JSON field names are exactly the course's ({@code offset,id,ride_id,uuid,course,
 * latitude,longitude,geohash,speed,accuracy}) plus {@code event_time} in epoch milliseconds.
 *
 * <p>Reading JSON: every number and {@code ride_id} are required (a missing number must not become 0.0);
 * {@code id}, {@code uuid} and {@code geohash} may be missing or null; a missing {@code event_time} reads as 0,
 * which consumers treat as "use the record timestamp" (the course's own producers do not send it).
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

    /** JSON creator: {@code event_time} may be missing (the course's format), every number must be present. */
    @JsonCreator
    static LocationFix fromJson(
            @JsonProperty(value = "offset", required = true) double offset,
            @JsonProperty("id") String id,
            @JsonProperty(value = "ride_id", required = true) String rideId,
            @JsonProperty("uuid") String uuid,
            @JsonProperty(value = "course", required = true) double course,
            @JsonProperty(value = "latitude", required = true) double latitude,
            @JsonProperty(value = "longitude", required = true) double longitude,
            @JsonProperty("geohash") String geohash,
            @JsonProperty(value = "speed", required = true) double speed,
            @JsonProperty(value = "accuracy", required = true) double accuracy,
            @JsonProperty("event_time") Long eventTime) {
        return new LocationFix(offset, id, rideId, uuid, course, latitude, longitude, geohash, speed, accuracy,
                eventTime == null ? 0L : eventTime);
    }

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
