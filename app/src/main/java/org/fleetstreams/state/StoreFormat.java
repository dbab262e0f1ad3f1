package org.fleetstreams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A versioned binary store value: one format byte, then the fields. A value in another format is refused with a
 * message naming the store (after a format change, reset the application: docs/operations.md) rather than read as
 * garbage. Strings are an int length (−1 for null) and UTF-8 bytes; double arrays a short length and the doubles;
 * booleans bits of one flags byte. Every store serde of the app writes through this one helper (join, summary,
 * detector state, event clock, readings-in-order, the overview's ride states); the overview's window store holds
 * the summaries' JSON.
 */
public record StoreFormat(String store, byte version) {

    /** A serde from a value's two conversions, null passing through as null (as Kafka Streams expects). */
    public static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }

    /** A buffer of the format byte plus {@code fieldBytes}. */
    public ByteBuffer allocate(int fieldBytes) {
        return ByteBuffer.allocate(1 + fieldBytes).put(version);
    }

    /** The fields of a value, after checking its format byte. */
    public ByteBuffer open(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != version) {
            String found = bytes == null || bytes.length == 0 ? "(empty)" : String.valueOf(bytes[0]);
            throw new IllegalArgumentException("store " + store + " holds a value in format " + found
                    + ", this version reads " + version + " (unknown format " + found + "): reset the application"
                    + " (kafka-streams-application-reset) and delete its state dir");
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice();
    }

    /** The bytes written so far into a buffer from {@link #allocate} (for values whose size is not known ahead). */
    public static byte[] written(ByteBuffer b) {
        return Arrays.copyOf(b.array(), b.position());
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes {@link #putString} takes for a string already encoded with {@link #utf8}. */
    public static int length(byte[] utf8) {
        return 4 + (utf8 == null ? 0 : utf8.length);
    }

    /** Several strings as UTF-8, for {@link #length(byte[][])} and {@link #putStrings}. */
    public static byte[][] utf8(String... strings) {
        byte[][] out = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            out[i] = utf8(strings[i]);
        }
        return out;
    }

    public static int length(byte[][] utf8) {
        int n = 0;
        for (byte[] s : utf8) {
            n += length(s);
        }
        return n;
    }

    public static ByteBuffer putStrings(ByteBuffer b, byte[][] utf8) {
        for (byte[] s : utf8) {
            putString(b, s);
        }
        return b;
    }

    public static ByteBuffer putString(ByteBuffer b, byte[] utf8) {
        return putBytes(b, utf8);
    }

    /** Bytes as an int length (−1 for null) and the bytes; {@link #length(byte[])} says how many that takes. */
    public static ByteBuffer putBytes(ByteBuffer b, byte[] bytes) {
        if (bytes == null) {
            return b.putInt(-1);
        }
        return b.putInt(bytes.length).put(bytes);
    }

    public static byte[] getBytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        b.get(bytes);
        return bytes;
    }

    public static String getString(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    /** A bulk copy through a double view (the detector state holds arrays of 100+ doubles, written per sample). */
    public static void putArray(ByteBuffer b, double[] a) {
        b.putShort((short) a.length);
        b.asDoubleBuffer().put(a);
        b.position(b.position() + Double.BYTES * a.length);
    }

    public static double[] getArray(ByteBuffer b) {
        double[] a = new double[b.getShort()];
        b.asDoubleBuffer().get(a);
        b.position(b.position() + Double.BYTES * a.length);
        return a;
    }

    /** Up to eight booleans as the bits of one byte, the first the lowest. */
    public static byte flags(boolean... bits) {
        int f = 0;
        for (int i = 0; i < bits.length; i++) {
            f |= bits[i] ? 1 << i : 0;
        }
        return (byte) f;
    }

    public static boolean bit(byte flags, int i) {
        return (flags & (1 << i)) != 0;
    }
}
