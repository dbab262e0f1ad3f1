package org.fleetstreams.common;

/** Serdes for the domain records. Instances are stateless and thread-safe. */
public final class FleetSerdes {

    private static final JsonSerde<LocationFix> LOCATION = new JsonSerde<>(LocationFix.class);
    private static final JsonSerde<AccelerationSample> ACCELERATION = new JsonSerde<>(AccelerationSample.class);

    private FleetSerdes() {
    }

    public static JsonSerde<LocationFix> locationFix() {
        return LOCATION;
    }

    public static JsonSerde<AccelerationSample> accelerationSample() {
        return ACCELERATION;
    }
}
