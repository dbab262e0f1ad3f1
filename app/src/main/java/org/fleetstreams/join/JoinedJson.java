package org.fleetstreams.join;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
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
    private static final byte[] ZERO = "0.0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEGATIVE_ZERO = "-0.0".getBytes(StandardCharsets.US_ASCII);
    /** The longest sample half: the four field names, a long and three doubles (at most 24 characters each). */
    private static final int SAMPLE_HALF_MAX = SAMPLE_TIME.length + 20 + X.length + Y.length + Z.length + 3 * 24 + 1;

    private JoinedJson() {
    }

    /** A fix as the join keeps it: the fix and the JSON of its half of every pair, up to the sample's fields. */
    record HeldFix(LocationFix fix, byte[] prefix, long eventTime) {

        static HeldFix of(LocationFix fix) {
            return new HeldFix(fix, fixHalf(fix), fix.eventTime());
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
        return pair(rideId, sample.eventTime(), sample.x(), sample.y(), sample.z(), held, scratch());
    }

    /** A buffer for {@link #pair(String, long, double, double, double, HeldFix, byte[])}'s sample half, to reuse. */
    static byte[] scratch() {
        return new byte[SAMPLE_HALF_MAX];
    }

    /** The same, for the sample at {@code sampleTime} with {@code x, y, z}, its half written through {@code scratch}. */
    static byte[] pair(String rideId, long sampleTime, double x, double y, double z, HeldFix held, byte[] scratch) {
        LocationFix fix = held.fix();
        if (!fastPathFits(rideId, x, y, z, fix)) {
            return MAPPER.toBytes(new JoinedReading(rideId, fix.eventTime(), fix.speed(), fix.latitude(),
                    fix.longitude(), fix.geohash(), fix.accuracy(), sampleTime, x, y, z));
        }
        byte[] prefix = held.prefix();
        int n = sampleHalf(sampleTime, x, y, z, scratch);
        byte[] out = Arrays.copyOf(prefix, prefix.length + n);
        System.arraycopy(scratch, 0, out, prefix.length, n);
        return out;
    }

    /** The sample's half of a pair, from its time's field to the closing brace, into {@code out}; its length. */
    private static int sampleHalf(long sampleTime, double x, double y, double z, byte[] out) {
        int at = put(out, 0, SAMPLE_TIME);
        at = putLong(out, at, sampleTime);
        at = put(out, at, X);
        at = putDouble(out, at, x);
        at = put(out, at, Y);
        at = putDouble(out, at, y);
        at = put(out, at, Z);
        at = putDouble(out, at, z);
        out[at] = '}';
        return at + 1;
    }

    /** {@code v} as Jackson writes it (shortest round-trip text, Java's format), at {@code at}; the end. */
    static int putDouble(byte[] out, int at, double v) {
        int end = putMillis(out, at, v);
        return end >= 0 ? end : putAscii(out, at, NumberOutput.toString(v, true));
    }

    /**
     * {@code v} if it is zero or a whole number of thousandths, 0.001 <= |v| < 10^7 (the phone's accelerations are:
     * -0.983), else -1. Such a v's shortest round-trip text is those thousandths without trailing zeros: in that range doubles
     * lie closer together than 0.001, so no other decimal of at most three places reads back as v, and one with fewer
     * digits would be another multiple of 0.001. Java's format writes it plainly, with at least one digit after the
     * point. Jackson's writer costs about as much as the rest of a pair; {@code JoinedJsonTest} compares the two.
     */
    private static int putMillis(byte[] out, int at, double v) {
        if (v == 0) {
            return put(out, at, Double.doubleToRawLongBits(v) == 0 ? ZERO : NEGATIVE_ZERO);
        }
        double a = Math.abs(v);
        if (!(a >= 1e-3 && a < 1e7)) {
            return -1;
        }
        long k = Math.round(a * 1000);
        if (k / 1000.0 != a) {
            return -1;
        }
        if (v < 0) {
            out[at++] = '-';
        }
        at = putLong(out, at, k / 1000);
        out[at++] = '.';
        int frac = (int) (k % 1000);
        out[at++] = (byte) ('0' + frac / 100);
        if (frac % 100 != 0) {
            out[at++] = (byte) ('0' + frac / 10 % 10);
            if (frac % 10 != 0) {
                out[at++] = (byte) ('0' + frac % 10);
            }
        }
        return at;
    }

    /** {@code v} as {@code Long.toString} writes it, at {@code at}; the end. */
    static int putLong(byte[] out, int at, long v) {
        if (v < 0) {
            return putAscii(out, at, Long.toString(v));
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    private static boolean fastPathFits(String rideId, double x, double y, double z, LocationFix fix) {
        return Objects.equals(rideId, fix.rideId()) && Double.isFinite(x) && Double.isFinite(y)
                && Double.isFinite(z);
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
