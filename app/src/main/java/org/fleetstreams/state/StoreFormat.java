package org.fleetstreams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A versioned binary store value: one format byte, then the fields. A value in another format is refused with a
 * message naming the store (after a format change, reset the application: docs/operations.md) rather than read as
 * garbage. Strings are an int length (−1 for null) and UTF-8 bytes.
 */
public record StoreFormat(String store, byte version) {

    /** A buffer of the format byte plus {@code fieldBytes}. */
    public ByteBuffer allocate(int fieldBytes) {
        return ByteBuffer.allocate(1 + fieldBytes).put(version);
    }

    /** The fields of a value, after checking its format byte. */
    public ByteBuffer open(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != version) {
            throw new IllegalArgumentException("store " + store + " holds a value in format "
                    + (bytes == null || bytes.length == 0 ? "(empty)" : String.valueOf(bytes[0])) + ", this version reads "
                    + version + ": reset the application (kafka-streams-application-reset) and delete its state dir");
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1).slice();
    }

    public static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes {@link #putString} takes for a string already encoded with {@link #utf8}. */
    public static int length(byte[] utf8) {
        return 4 + (utf8 == null ? 0 : utf8.length);
    }

    public static ByteBuffer putString(ByteBuffer b, byte[] utf8) {
        if (utf8 == null) {
            return b.putInt(-1);
        }
        return b.putInt(utf8.length).put(utf8);
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
}
