package org.fleetstreams.ingest;

import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * Semantic checks of a parsed reading. Pure: each returns null when the reading is fine, else the dead-letter
 * reason. Speed −1 is not bad input: it means "unknown speed" and the fix is kept.
 */
public final class ReadingCheck {

    /** Accelerations beyond ±16 g are sensor garbage: phone accelerometers saturate at 2–16 g. */
    public static final double MAX_ABS_G = 16.0;

    private ReadingCheck() {
    }

    /** The checks of whichever kind the reading is. */
    public static String problem(SensorReading reading) {
        return reading instanceof LocationFix fix ? problem(fix) : problem((AccelerationSample) reading);
    }

    public static String problem(LocationFix fix) {
        String common = identity(fix.rideId());
        if (common != null) {
            return common;
        }
        if (!finite(fix.offset(), fix.course(), fix.latitude(), fix.longitude(), fix.speed(), fix.accuracy())) {
            return "non-finite number";
        }
        if (Math.abs(fix.latitude()) > 90 || Math.abs(fix.longitude()) > 180) {
            return "coordinates out of range (" + fix.latitude() + ", " + fix.longitude() + ")";
        }
        if (fix.speed() < 0 && fix.speed() != LocationFix.UNKNOWN_SPEED) {
            return "negative speed " + fix.speed() + " (only -1, unknown, is allowed)";
        }
        return null;
    }

    public static String problem(AccelerationSample sample) {
        String common = identity(sample.rideId());
        if (common != null) {
            return common;
        }
        if (!finite(sample.offset(), sample.x(), sample.y(), sample.z())) {
            return "non-finite number";
        }
        if (Math.abs(sample.x()) > MAX_ABS_G || Math.abs(sample.y()) > MAX_ABS_G || Math.abs(sample.z()) > MAX_ABS_G) {
            return "acceleration beyond " + MAX_ABS_G + " g";
        }
        return null;
    }

    private static String identity(String rideId) {
        return rideId == null || rideId.isBlank() ? "missing ride_id" : null;
    }

    private static boolean finite(double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
