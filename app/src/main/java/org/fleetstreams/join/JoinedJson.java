package org.fleetstreams.join;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.LocationFix;

/**
 * The joined records' JSON, byte for byte what {@link FleetSerdes#joinedReading()} writes, but with the fix's half
 * written once per fix rather than once per pair.
 *
 * <p>Why: a fix pairs with every sample within the join window (about 100-200 at 50 Hz), and formatting its four
 * doubles, its time and its two strings again for each pair was most of the cost of the joined output, the largest
 * single item in the app's profile (the app benchmark's JFR: Jackson's serializer 11.6 % of the stream thread). A
 * {@link JoinedReading}'s fields are in the fix-first order the course's consumers know ({@code @JsonPropertyOrder}),
 * so a pair is the fix's {@link #fixHalf} followed by the sample's time and x, y, z, formatted by the same Jackson
 * number writer as the mapper ({@code USE_FAST_DOUBLE_WRITER}). Anything that does not fit that fast path (a sample
 * of another ride id, a non-finite number) goes through the mapper itself. {@code JoinedJsonTest} compares both paths
 * on random and edge-case values and on the real data's pairs.
 */
final class JoinedJson {

    private static final JsonSerde<JoinedReading> MAPPER = FleetSerdes.joinedReading();
    private static final byte[] SAMPLE_TIME = ",\"acceleration_event_time\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] X = ",\"x\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] Y = ",\"y\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] Z = ",\"z\":".getBytes(StandardCharsets.US_ASCII);

    private JoinedJson() {
    }

    /** A fix as the join keeps it: the fix and the JSON of its half of every pair, up to the sample's fields. */
    record HeldFix(LocationFix fix, byte[] prefix) {

        static HeldFix of(LocationFix fix) {
            return new HeldFix(fix, fixHalf(fix));
        }

        long eventTime() {
            return fix.eventTime();
        }
    }

    /**
     * The fix's half of a joined record: the mapper's own output for a pair with this fix, cut before the sample's
     * fields (a finite sample and a fixed-width time keep the cut unambiguous).
     */
    static byte[] fixHalf(LocationFix fix) {
        byte[] whole = MAPPER.toBytes(new JoinedReading(fix.rideId(), fix.eventTime(), fix.speed(), fix.latitude(),
                fix.longitude(), fix.geohash(), fix.accuracy(), 0L, 0.0, 0.0, 0.0));
        int cut = lastIndexOf(whole, SAMPLE_TIME);
        return Arrays.copyOf(whole, cut);
    }

    /**
     * The JSON of a pair of this ride's sample and fix, equal to {@code FleetSerdes.joinedReading()}'s bytes for
     * {@code JoinedReading.of(sample, fix)} of a sample with this ride id.
     */
    static byte[] pair(String rideId, JoinSample sample, HeldFix held) {
        LocationFix fix = held.fix();
        if (!fastPathFits(rideId, sample, fix)) {
            return MAPPER.toBytes(new JoinedReading(rideId, fix.eventTime(), fix.speed(), fix.latitude(),
                    fix.longitude(), fix.geohash(), fix.accuracy(), sample.eventTime(), sample.x(), sample.y(),
                    sample.z()));
        }
        String time = Long.toString(sample.eventTime());
        String x = NumberOutput.toString(sample.x(), true);
        String y = NumberOutput.toString(sample.y(), true);
        String z = NumberOutput.toString(sample.z(), true);
        byte[] prefix = held.prefix();
        byte[] out = new byte[prefix.length + SAMPLE_TIME.length + time.length() + X.length + x.length() + Y.length
                + y.length() + Z.length + z.length() + 1];
        int at = put(out, 0, prefix);
        at = put(out, at, SAMPLE_TIME);
        at = putAscii(out, at, time);
        at = put(out, at, X);
        at = putAscii(out, at, x);
        at = put(out, at, Y);
        at = putAscii(out, at, y);
        at = put(out, at, Z);
        at = putAscii(out, at, z);
        out[at] = '}';
        return out;
    }

    private static boolean fastPathFits(String rideId, JoinSample sample, LocationFix fix) {
        return java.util.Objects.equals(rideId, fix.rideId())
                && Double.isFinite(sample.x()) && Double.isFinite(sample.y()) && Double.isFinite(sample.z());
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    /** Numbers as Jackson writes them are plain ASCII. */
    private static int putAscii(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at + i] = (byte) ascii.charAt(i);
        }
        return at + ascii.length();
    }

    private static int lastIndexOf(byte[] bytes, byte[] part) {
        for (int i = bytes.length - part.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("the joined record's JSON has no acceleration_event_time field: "
                + new String(bytes, StandardCharsets.UTF_8));
    }
}
