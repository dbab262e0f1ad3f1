package org.fleetstreams.common;

import static org.fleetstreams.common.ReadingFields.*;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An accelerometer sample in g, in the phone's own frame (gravity included). JSON field names are
 * exactly the course's ({@code offset,id,ride_id,uuid,x,y,z}) plus {@code event_time} in epoch
 * milliseconds. Required and optional fields as in {@link LocationFix}.
 */
@JsonPropertyOrder({OFFSET, ID, RIDE_ID, UUID, X, Y, Z, EVENT_TIME})
public record AccelerationSample(
        @JsonProperty(OFFSET) double offset,
        @JsonProperty(ID) String id,
        @JsonProperty(RIDE_ID) String rideId,
        @JsonProperty(UUID) String uuid,
        @JsonProperty(X) double x,
        @JsonProperty(Y) double y,
        @JsonProperty(Z) double z,
        @JsonProperty(EVENT_TIME) long eventTime) implements SensorReading {

    /** m/s² in one g, the samples' unit (standard gravity). */
    public static final double STANDARD_GRAVITY = 9.80665;

    /** JSON creator: {@code event_time} may be missing (the course's format), every number must be present. */
    @JsonCreator
    static AccelerationSample fromJson(
            @JsonProperty(value = OFFSET, required = true) double offset,
            @JsonProperty(ID) String id,
            @JsonProperty(value = RIDE_ID, required = true) String rideId,
            @JsonProperty(UUID) String uuid,
            @JsonProperty(value = X, required = true) double x,
            @JsonProperty(value = Y, required = true) double y,
            @JsonProperty(value = Z, required = true) double z,
            @JsonProperty(EVENT_TIME) Long eventTime) {
        return new AccelerationSample(offset, id, rideId, uuid, x, y, z,
                eventTime == null ? 0L : ReadingFields.givenEventTime(eventTime));
    }

    @Override
    public AccelerationSample withIdentity(String newId, String newRideId, String newUuid, long newEventTime) {
        return new AccelerationSample(offset, newId, newRideId, newUuid, x, y, z, newEventTime);
    }
}
