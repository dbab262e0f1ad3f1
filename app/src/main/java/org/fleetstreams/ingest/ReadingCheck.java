package org.fleetstreams.ingest;

import java.util.Locale;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.ReadingFields;
import org.fleetstreams.common.SensorReading;

/**
 * Semantic checks of a parsed reading. Pure: each returns null when the reading is fine, else the dead-letter
 * reason. Speed −1 is not bad input: it means "unknown speed" and the fix is kept.
 */
public final class ReadingCheck {

    /** Accelerations beyond ±16 g are sensor garbage: phone accelerometers saturate at 2–16 g. */
    public static final double MAX_ABS_G = 16.0;

    /**
     * Speeds above 515 m/s (1,000 knots, the export-control "COCOM" limit) are garbage too: civilian GPS receivers stop
     * reporting beyond it. Without a bound a speed such as 1e308 would overflow a window's sum to Infinity, which no
     * JSON number can hold.
     */
    public static final double MAX_SPEED_MPS = 515.0;

    private ReadingCheck() {
    }

    /** The checks of whichever kind the reading is. */
    public static String problem(SensorReading reading) {
        return reading instanceof LocationFix fix ? problem(fix) : problem((AccelerationSample) reading);
    }

    public static String problem(LocationFix fix) {
        String common = identityAndText(fix);
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
        if (fix.speed() > MAX_SPEED_MPS) {
            return "speed " + fix.speed() + " m/s beyond " + MAX_SPEED_MPS + " m/s, the most a civilian GPS receiver reports";
        }
        return null;
    }

    public static String problem(AccelerationSample sample) {
        String common = identityAndText(sample);
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

    /**
     * The longest text a reading may carry in a field (BDD's ids are 32 hex digits, its geohashes 12 characters). The
     * app writes the ride id into every joined record, summary and alert and its key: a reading whose text is hundreds
     * of kilobytes would make output records the producer refuses, and under exactly-once that fails the task on the
     * same input again and again.
     */
    public static final int MAX_TEXT_CHARS = 1_000;

    private static String identityAndText(SensorReading reading) {
        if (reading.rideId() == null || reading.rideId().isBlank()) {
            return "missing ride_id";
        }
        String problem = text(ReadingFields.RIDE_ID, reading.rideId());
        if (problem == null) {
            problem = text(ReadingFields.ID, reading.id());
        }
        if (problem == null) {
            problem = text(ReadingFields.UUID, reading.uuid());
        }
        if (problem == null && reading instanceof LocationFix fix) {
            problem = text(ReadingFields.GEOHASH, fix.geohash());
        }
        return problem;
    }

    private static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_TEXT_CHARS) {
            return field + " too long: " + value.length() + " characters (at most " + MAX_TEXT_CHARS + ")";
        }
        int at = unpairedSurrogate(value);
        return at < 0 ? null : field + " not valid Unicode: an unpaired surrogate \\u"
                + Integer.toHexString(value.charAt(at)).toUpperCase(Locale.ROOT) + " at index " + at
                + " (a JSON escape such as \"\\ud800\" without its pair)";
    }

    /**
     * The index of the first surrogate without its pair, or −1. JSON lets a string escape one (<code>"&#92;ud800"</code>), and
     * Jackson reads it, but no UTF-8 can hold it: every place that writes the text as UTF-8 (store keys, output keys,
     * headers) writes {@code ?} instead. Two rides <code>r&#92;ud800</code> and <code>r&#92;udc00</code> would share their stored state,
     * and after a restart a ride's restored state would sit under another key than its live records.
     */
    static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
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
