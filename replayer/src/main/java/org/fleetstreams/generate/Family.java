package org.fleetstreams.generate;

/** Which independent simulator writes the fleet. */
public enum Family {
    /**
     * The original generator ({@link CarScript}, {@link CarSimulator}): scripted manoeuvres every 6–14 s at cruise,
     * 0.1 s ramps, GPS speed without lag. The detector's thresholds were tuned on it.
     */
    SCRIPTED,
    /**
     * {@link PhysicsCar}: written afterwards from vehicle physics, independently of the first generator and of the
     * detector: driver phases, lagging GPS, road grade, body pitch, potholes, handling while stopped and moving,
     * the first harsh brake 15–60 s into the ride.
     */
    PHYSICS
}
