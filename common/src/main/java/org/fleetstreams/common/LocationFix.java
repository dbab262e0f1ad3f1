package org.fleetstreams.common;

import static org.fleetstreams.common.ReadingFields.*;

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
@JsonPropertyOrder({OFFSET, ID, RIDE_ID, UUID, COURSE, LATITUDE, LONGITUDE, GEOHASH,
        SPEED, ACCURACY, EVENT_TIME})
public record LocationFix(
        @JsonProperty(OFFSET) double offset,
        @JsonProperty(ID) String id,
        @JsonProperty(RIDE_ID) String rideId,
        @JsonProperty(UUID) String uuid,
        @JsonProperty(COURSE) double course,
        @JsonProperty(LATITUDE) double latitude,
        @JsonProperty(LONGITUDE) double longitude,
        @JsonProperty(GEOHASH) String geohash,
        @JsonProperty(SPEED) double speed,
        @JsonProperty(ACCURACY) double accuracy,
        @JsonProperty(EVENT_TIME) long eventTime) implements SensorReading {

    /** JSON creator: {@code event_time} may be missing (the course's format), every number must be present. */
    @JsonCreator
    static LocationFix fromJson(
            @JsonProperty(value = OFFSET, required = true) double offset,
            @JsonProperty(ID) String id,
            @JsonProperty(value = RIDE_ID, required = true) String rideId,
            @JsonProperty(UUID) String uuid,
            @JsonProperty(value = COURSE, required = true) double course,
            @JsonProperty(value = LATITUDE, required = true) double latitude,
            @JsonProperty(value = LONGITUDE, required = true) double longitude,
            @JsonProperty(GEOHASH) String geohash,
            @JsonProperty(value = SPEED, required = true) double speed,
            @JsonProperty(value = ACCURACY, required = true) double accuracy,
            @JsonProperty(EVENT_TIME) Long eventTime) {
        return new LocationFix(offset, id, rideId, uuid, course, latitude, longitude, geohash, speed, accuracy,
                eventTime == null ? 0L : ReadingFields.givenEventTime(eventTime));
    }

    /** The value the iOS location API reports when it does not know the speed. */
    public static final double UNKNOWN_SPEED = -1.0;

    /**
     * False at exactly 0°, 0°, what some devices send when they have no fix: a fix of the ride (it counts), but no
     * place to draw it, measure a distance through it or pin an alert to.
     */
    public boolean hasPosition() {
        return latitude != 0 || longitude != 0;
    }

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
