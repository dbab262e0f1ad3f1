package org.fleetstreams.common;

/** Serdes for the domain records. Instances are stateless and thread-safe. */
public final class FleetSerdes {

    private static final JsonSerde<LocationFix> LOCATION = new JsonSerde<>(LocationFix.class, ReadingJson::location,
            ReadingBytes::location);
    private static final JsonSerde<AccelerationSample> ACCELERATION = new JsonSerde<>(AccelerationSample.class,
            ReadingJson::acceleration, ReadingBytes::acceleration);
    private static final JsonSerde<JoinedReading> JOINED = new JsonSerde<>(JoinedReading.class);
    private static final JsonSerde<CarSummary> SUMMARY = new JsonSerde<>(CarSummary.class);
    private static final JsonSerde<HarshBrakingAlert> ALERT = new JsonSerde<>(HarshBrakingAlert.class);

    private FleetSerdes() {
    }

    public static JsonSerde<LocationFix> locationFix() {
        return LOCATION;
    }

    public static JsonSerde<AccelerationSample> accelerationSample() {
        return ACCELERATION;
    }

    public static JsonSerde<JoinedReading> joinedReading() {
        return JOINED;
    }

    public static JsonSerde<CarSummary> carSummary() {
        return SUMMARY;
    }

    public static JsonSerde<HarshBrakingAlert> harshBrakingAlert() {
        return ALERT;
    }

    /** The JSON value of either kind of reading, as the replayer publishes it. */
    public static byte[] toBytes(SensorReading reading) {
        if (reading instanceof LocationFix fix) {
            return LOCATION.toBytes(fix);
        }
        return ACCELERATION.toBytes((AccelerationSample) reading);
    }
}
