package org.fleetstreams.replay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.InvalidDatasetException;

/**
 * {@code --fleet N}: every ride is published N times, as N distinct cars.
 *
 * <p>Clone 0 keeps the real identities, so {@code --fleet 1} is exactly the data set. Clone {@code k > 0}
 * gets ride_id, uuid and id = the hex MD5 of {@code "<original>#<k>"}: the same 32-hex-digit shape as the
 * real ids, distinct, and the same on every run. A null id stays null.
 */
public final class FleetCloner {

    private final int fleet;
    // original value → its clone values, index k; computed once per value, not per record.
    private final Map<String, String[]> clones = new HashMap<>();
    private final Map<Original, Identity[]> identities = new HashMap<>();

    /** The most rides whose clones' ids fit in the heap ({@link FleetMemory}). */
    private final long maxRides;
    private final long maxMemory;

    public FleetCloner(int fleet) {
        this(fleet, Runtime.getRuntime().maxMemory());
    }

    /** @param maxMemory the heap the JVM may use (tests: a small one) */
    FleetCloner(int fleet, long maxMemory) {
        if (fleet < 1) {
            throw new IllegalArgumentException("fleet must be >= 1, was " + fleet);
        }
        this.fleet = fleet;
        this.maxMemory = maxMemory;
        this.maxRides = FleetMemory.ridesWithin(fleet, maxMemory);
    }

    public int size() {
        return fleet;
    }

    /**
     * Clone {@code k} of {@code reading}, with its event time set: the plain definition of a clone. The replay loop
     * produces the same bytes faster through {@link #identities} and {@link CloneSplicer}; tests hold the two equal.
     */
    public SensorReading clone(SensorReading reading, int k, long eventTimeMillis) {
        return reading.withIdentity(cloneId(reading.id(), k), cloneId(reading.rideId(), k),
                cloneId(reading.uuid(), k), eventTimeMillis);
    }

    /**
     * The identity of one clone, ready for the wire: the Kafka key and the three JSON-quoted id values that
     * {@link CloneSplicer#withIds} splices in.
     */
    record Identity(byte[] key, byte[] idJson, byte[] rideIdJson, byte[] uuidJson) {
    }

    private record Original(String id, String rideId, String uuid) {
    }

    /**
     * All clones' identities for this row's ride, index k. Every row of a ride shares them, so they are built once
     * per ride and the hot loop does one lookup per row instead of three per clone.
     */
    Identity[] identities(SensorReading row) {
        Original original = new Original(row.id(), row.rideId(), row.uuid());
        if (fleet > 1 && identities.size() >= maxRides && !identities.containsKey(original)) {
            // more rides than the estimate before the replay (FleetMemory.estimateRides): stop with one line, not an
            // OutOfMemoryError; the replay reports what it published before this row
            throw new InvalidDatasetException(FleetMemory.tooLarge(fleet, identities.size() + 1L, maxMemory));
        }
        return identities.computeIfAbsent(original, o -> {
            Identity[] out = new Identity[fleet];
            for (int k = 0; k < fleet; k++) {
                String rideId = cloneId(o.rideId(), k);
                out[k] = new Identity(rideId.getBytes(StandardCharsets.UTF_8), CloneSplicer.quoted(cloneId(o.id(), k)),
                        CloneSplicer.quoted(rideId), CloneSplicer.quoted(cloneId(o.uuid(), k)));
            }
            return out;
        });
    }

    String cloneId(String original, int k) {
        if (original == null || k == 0) {
            return original;
        }
        return clones.computeIfAbsent(original, this::derive)[k];
    }

    private String[] derive(String original) {
        String[] out = new String[fleet];
        out[0] = original;
        for (int k = 1; k < fleet; k++) {
            out[k] = md5Hex(original + "#" + k);
        }
        return out;
    }

    private static String md5Hex(String s) {
        try {
            // Not for security: a stable, well-spread 128-bit name in the data's own id format.
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
