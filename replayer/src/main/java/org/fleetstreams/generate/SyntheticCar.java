package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;

/**
 * What {@link FleetGenerator} writes for one car, whatever simulated it: its identity columns, its readings
 * (produced interval by interval), its ground-truth rows and the phone's orientation over time.
 */
abstract class SyntheticCar {

    final String rideId;
    final String uuid;
    final String id;
    final String filename;
    final long startEpochSeconds;
    /** The phone's orientation over time: {from (s), forward x, y, z in the phone frame}, one row per steady spell. */
    final List<double[]> orientations = new ArrayList<>();

    SyntheticCar(SplittableRandom rnd, long startEpochSeconds) {
        HexFormat hex = HexFormat.of();
        this.rideId = hex.formatHex(bytes(rnd, 16));
        this.uuid = hex.formatHex(bytes(rnd, 16));
        this.id = rnd.nextDouble() < 0.3 ? null : hex.formatHex(bytes(rnd, 16)); // null for some rides, as in BDD
        this.filename = UUID.nameUUIDFromBytes(bytes(rnd, 16)) + ".mov";
        this.startEpochSeconds = startEpochSeconds;
    }

    /** Simulates up to (not including) {@code endS}, appending what the car's sensors produce. */
    abstract void advance(double endS, List<LocationFix> fixes, List<AccelerationSample> samples);

    /**
     * Ground-truth rows, {@code kind,start,end,magnitude,speed} (no ride id), for everything but plain driving;
     * called after the simulation.
     */
    abstract List<String> truthRows();

    /** The timestamp column's value: epoch seconds counting down with the offset, as in the real files. */
    long timestampColumn(double offset) {
        return startEpochSeconds - (long) Math.floor(offset);
    }

    static byte[] bytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }
}
