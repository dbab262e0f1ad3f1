package org.fleetstreams.join;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;

/**
 * The join stores' value formats: fixed binary layouts, not the topics' JSON. Every accelerometer sample is written
 * into {@code accel-gps-join-store-this} (and its changelog), and every fix that arrives reads back the ±2 s of
 * samples around it (about 200); as JSON that was three Jackson passes per sample (profiled in the app benchmark).
 *
 * <p>Layout: a format byte ({@value #FORMAT}), the numbers (event time as a long, then doubles in record order),
 * then the strings, each as an int length (−1 for null) and UTF-8 bytes. A value in another format is refused with a
 * message that names the store, rather than read as garbage.
 */
public final class JoinStoreSerdes {

    static final byte FORMAT = 1;

    private JoinStoreSerdes() {
    }

    public static Serde<AccelerationSample> accelerationSample() {
        return serde(JoinStoreSerdes::toBytes, JoinStoreSerdes::sampleFromBytes);
    }

    public static Serde<LocationFix> locationFix() {
        return serde(JoinStoreSerdes::toBytes, JoinStoreSerdes::fixFromBytes);
    }

    static byte[] toBytes(AccelerationSample s) {
        byte[][] strings = utf8(s.id(), s.rideId(), s.uuid());
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 * 8 + length(strings));
        b.put(FORMAT).putLong(s.eventTime()).putDouble(s.offset()).putDouble(s.x()).putDouble(s.y()).putDouble(s.z());
        return put(b, strings).array();
    }

    static AccelerationSample sampleFromBytes(byte[] bytes) {
        ByteBuffer b = open(bytes, "accel-gps-join-samples");
        long eventTime = b.getLong();
        double offset = b.getDouble();
        double x = b.getDouble();
        double y = b.getDouble();
        double z = b.getDouble();
        return new AccelerationSample(offset, string(b), string(b), string(b), x, y, z, eventTime);
    }

    static byte[] toBytes(LocationFix f) {
        byte[][] strings = utf8(f.id(), f.rideId(), f.uuid(), f.geohash());
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 7 * 8 + length(strings));
        b.put(FORMAT).putLong(f.eventTime()).putDouble(f.offset()).putDouble(f.course()).putDouble(f.latitude())
                .putDouble(f.longitude()).putDouble(f.speed()).putDouble(f.accuracy());
        return put(b, strings).array();
    }

    static LocationFix fixFromBytes(byte[] bytes) {
        ByteBuffer b = open(bytes, "accel-gps-join-fixes");
        long eventTime = b.getLong();
        double offset = b.getDouble();
        double course = b.getDouble();
        double latitude = b.getDouble();
        double longitude = b.getDouble();
        double speed = b.getDouble();
        double accuracy = b.getDouble();
        String id = string(b);
        String rideId = string(b);
        String uuid = string(b);
        String geohash = string(b);
        return new LocationFix(offset, id, rideId, uuid, course, latitude, longitude, geohash, speed, accuracy, eventTime);
    }

    private static <T> Serde<T> serde(Function<T, byte[]> write, Function<byte[], T> read) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write.apply(value),
                (topic, bytes) -> bytes == null ? null : read.apply(bytes));
    }

    private static ByteBuffer open(byte[] bytes, String store) {
        if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw new IllegalArgumentException(store + " value in an unknown format "
                    + (bytes.length == 0 ? "(empty)" : String.valueOf(bytes[0])) + "; expected " + FORMAT
                    + " (state written by an older version: reset the application, see the README)");
        }
        return ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    }

    private static byte[][] utf8(String... strings) {
        byte[][] out = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) {
            out[i] = strings[i] == null ? null : strings[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static int length(byte[][] strings) {
        int n = 0;
        for (byte[] s : strings) {
            n += 4 + (s == null ? 0 : s.length);
        }
        return n;
    }

    private static ByteBuffer put(ByteBuffer b, byte[][] strings) {
        for (byte[] s : strings) {
            if (s == null) {
                b.putInt(-1);
            } else {
                b.putInt(s.length).put(s);
            }
        }
        return b;
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
