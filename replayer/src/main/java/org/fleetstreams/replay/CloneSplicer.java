package org.fleetstreams.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.ReadingJsonWriter;

/**
 * Produces each fleet clone's JSON by splicing its three ids into the row's JSON, written once by
 * {@link ReadingJsonWriter}: fleet clones differ only in {@code id}, {@code ride_id} and {@code uuid}, so a clone is
 * four array copies instead of formatting seven doubles again. The output is byte for byte what {@code FleetSerdes}
 * writes for the clone (tested).
 */
final class CloneSplicer {

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private CloneSplicer() {
    }

    /** The JSON of a clone: the written row with these ids (already clone ids; null writes JSON null). */
    static byte[] withIds(ReadingJsonWriter.Written row, String id, String rideId, String uuid) {
        return withIds(row, quoted(id), quoted(rideId), quoted(uuid));
    }

    /** The JSON of a clone, from pre-quoted id values ({@link FleetCloner.Identity}). */
    static byte[] withIds(ReadingJsonWriter.Written row, byte[] a, byte[] b, byte[] c) {
        byte[] src = row.json();
        int length = src.length - (row.end(0) - row.start(0)) - (row.end(1) - row.start(1)) - (row.end(2) - row.start(2))
                + a.length + b.length + c.length;
        byte[] out = Arrays.copyOf(src, length); // the prefix up to the id value lands in place
        int at = row.start(0);
        at = put(out, at, a);
        at = copy(src, row.end(0), row.start(1), out, at);
        at = put(out, at, b);
        at = copy(src, row.end(1), row.start(2), out, at);
        at = put(out, at, c);
        copy(src, row.end(2), src.length, out, at);
        return out;
    }

    /** A JSON string literal (or {@code null}) exactly as Jackson writes it. */
    static byte[] quoted(String value) {
        if (value == null) {
            return NULL;
        }
        // Clone ids are hex digests; real ids go through the writer. Anything needing escapes is written by Jackson
        // instead, to stay exact.
        byte[] out = new byte[value.length() + 2];
        out[0] = '"';
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch == '"' || ch == '\\' || ch > 0x7e) {
                return jacksonQuoted(value);
            }
            out[i + 1] = (byte) ch;
        }
        out[out.length - 1] = '"';
        return out;
    }

    private static byte[] jacksonQuoted(String value) {
        try {
            return Json.mapper().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int put(byte[] out, int at, byte[] value) {
        System.arraycopy(value, 0, out, at, value.length);
        return at + value.length;
    }

    private static int copy(byte[] src, int from, int to, byte[] out, int at) {
        System.arraycopy(src, from, out, at, to - from);
        return at + (to - from);
    }
}
