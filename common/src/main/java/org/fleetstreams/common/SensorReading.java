package org.fleetstreams.common;

/**
 * One row of the BDD data set, as published to Kafka: a GPS fix or an accelerometer sample.
 *
 * <p>{@code offset} is seconds since the start of the simulation and is the data set's clock;
 * {@code eventTime} is the epoch-millisecond instant the replayer assigned to it (replay epoch +
 * offset), the same value as the Kafka record timestamp.
 */
public sealed interface SensorReading permits LocationFix, AccelerationSample {

    double offset();

    String id();

    String rideId();

    String uuid();

    long eventTime();

    /** The same reading under another identity and event time (fleet clones, loop passes). */
    SensorReading withIdentity(String id, String rideId, String uuid, long eventTime);
}
