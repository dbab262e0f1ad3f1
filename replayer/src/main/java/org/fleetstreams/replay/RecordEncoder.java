package org.fleetstreams.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * Encodes a row's JSON value once and produces each fleet clone by splicing its three ids into the bytes.
 *
 * <p>Fleet clones differ only in {@code id}, {@code ride_id} and {@code uuid}; formatting seven doubles per clone
 * through Jackson databind cost ~3 µs a record, more than Kafka's own producer needs per record. The row is written
 * once with Jackson's streaming generator (so escaping and number formatting are Jackson's), the positions of the
 * three id values are remembered, and a clone is four array copies. The output is byte-for-byte what
 * {@code FleetSerdes} writes for the same record (tested).
 */
final class RecordEncoder {

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    /** One row's JSON, cut around its three identity values. */
    static final class Encoded {
        private final byte[] json;
        private final int[] cuts; // start,end of id value; start,end of ride_id value; start,end of uuid value

        private Encoded(byte[] json, int[] cuts) {
            this.json = json;
            this.cuts = cuts;
        }

        /** The row's own JSON (clone 0). */
        byte[] original() {
            return json;
        }
    }

    /** Encodes {@code reading} with {@code eventTime} as its event_time. */
    Encoded encode(SensorReading reading, long eventTime) {
        buffer.reset();
        int[] cuts = new int[6];
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(buffer)) {
            g.writeStartObject();
            g.writeNumberField("offset", reading.offset());
            g.writeFieldName("id");
            cuts[0] = mark(g) + 1; // the generator writes ':' with the value
            writeNullable(g, reading.id());
            cuts[1] = mark(g);
            g.writeFieldName("ride_id");
            cuts[2] = mark(g) + 1; // the generator writes ':' with the value
            writeNullable(g, reading.rideId());
            cuts[3] = mark(g);
            g.writeFieldName("uuid");
            cuts[4] = mark(g) + 1; // the generator writes ':' with the value
            writeNullable(g, reading.uuid());
            cuts[5] = mark(g);
            if (reading instanceof LocationFix fix) {
                g.writeNumberField("course", fix.course());
                g.writeNumberField("latitude", fix.latitude());
                g.writeNumberField("longitude", fix.longitude());
                g.writeFieldName("geohash");
                writeNullable(g, fix.geohash());
                g.writeNumberField("speed", fix.speed());
                g.writeNumberField("accuracy", fix.accuracy());
            } else {
                AccelerationSample sample = (AccelerationSample) reading;
                g.writeNumberField("x", sample.x());
                g.writeNumberField("y", sample.y());
                g.writeNumberField("z", sample.z());
            }
            g.writeNumberField("event_time", eventTime);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] json = buffer.toByteArray();
        for (int i = 0; i < 6; i += 2) {
            if (json[cuts[i] - 1] != ':') {
                throw new IllegalStateException("unexpected JSON layout near byte " + cuts[i] + ": " + new String(json, StandardCharsets.UTF_8));
            }
        }
        return new Encoded(json, cuts);
    }

    /** The JSON of a clone: the encoded row with these ids (already clone ids; null writes JSON null). */
    static byte[] withIds(Encoded row, String id, String rideId, String uuid) {
        return withIds(row, quoted(id), quoted(rideId), quoted(uuid));
    }

    /** The JSON of a clone, from pre-quoted id values ({@link FleetCloner.Identity}). */
    static byte[] withIds(Encoded row, byte[] a, byte[] b, byte[] c) {
        int[] cut = row.cuts;
        byte[] src = row.json;
        int length = src.length - (cut[1] - cut[0]) - (cut[3] - cut[2]) - (cut[5] - cut[4]) + a.length + b.length + c.length;
        byte[] out = Arrays.copyOf(src, length); // prefix up to cut[0] lands in place
        int at = cut[0];
        at = put(out, at, a);
        at = copy(src, cut[1], cut[2], out, at);
        at = put(out, at, b);
        at = copy(src, cut[3], cut[4], out, at);
        at = put(out, at, c);
        copy(src, cut[5], src.length, out, at);
        return out;
    }

    /** A JSON string literal (or {@code null}) exactly as Jackson writes it. */
    static byte[] quoted(String value) {
        if (value == null) {
            return NULL;
        }
        // Clone ids are hex digests; real ids go through the generator in encode(). Anything needing escapes is
        // written by Jackson instead, to stay exact.
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

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private int mark(JsonGenerator g) throws IOException {
        g.flush();
        return buffer.size();
    }

    private static void writeNullable(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
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
