package org.fleetstreams.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One accelerometer sample matched with one GPS fix of the same ride within the join window: the fields of the
 * course's joined query. Times are event times in epoch milliseconds.
 */
@JsonPropertyOrder({"ride_id", "location_event_time", "speed", "latitude", "longitude", "geohash", "accuracy",
        "acceleration_event_time", "x", "y", "z"})
public record JoinedReading(
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("location_event_time") long locationEventTime,
        @JsonProperty("speed") double speed,
        @JsonProperty("latitude") double latitude,
        @JsonProperty("longitude") double longitude,
        @JsonProperty("geohash") String geohash,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("acceleration_event_time") long accelerationEventTime,
        @JsonProperty("x") double x,
        @JsonProperty("y") double y,
        @JsonProperty("z") double z) {

    public static JoinedReading of(AccelerationSample sample, LocationFix fix) {
        return new JoinedReading(sample.rideId(), fix.eventTime(), fix.speed(), fix.latitude(), fix.longitude(),
                fix.geohash(), fix.accuracy(), sample.eventTime(), sample.x(), sample.y(), sample.z());
    }
}
