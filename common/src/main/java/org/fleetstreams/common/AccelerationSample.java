package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An accelerometer sample in g, in the phone's own frame (gravity included). JSON field names are
 * exactly the course's ({@code offset,id,ride_id,uuid,x,y,z}) plus {@code event_time} in epoch
 * milliseconds. Required and optional fields as in {@link LocationFix}.
 */
@JsonPropertyOrder({"offset", "id", "ride_id", "uuid", "x", "y", "z", "event_time"})
public record AccelerationSample(
        @JsonProperty("offset") double offset,
        @JsonProperty("id") String id,
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("uuid") String uuid,
        @JsonProperty("x") double x,
        @JsonProperty("y") double y,
        @JsonProperty("z") double z,
        @JsonProperty("event_time") long eventTime) implements SensorReading {

    /** JSON creator: {@code event_time} may be missing (the course's format), every number must be present. */
    @JsonCreator
    static AccelerationSample fromJson(
            @JsonProperty(value = "offset", required = true) double offset,
            @JsonProperty("id") String id,
            @JsonProperty(value = "ride_id", required = true) String rideId,
            @JsonProperty("uuid") String uuid,
            @JsonProperty(value = "x", required = true) double x,
            @JsonProperty(value = "y", required = true) double y,
            @JsonProperty(value = "z", required = true) double z,
            @JsonProperty("event_time") Long eventTime) {
        return new AccelerationSample(offset, id, rideId, uuid, x, y, z, eventTime == null ? 0L : eventTime);
    }

    @Override
    public AccelerationSample withIdentity(String newId, String newRideId, String newUuid, long newEventTime) {
        return new AccelerationSample(offset, newId, newRideId, newUuid, x, y, z, newEventTime);
    }
}
