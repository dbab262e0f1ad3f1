package org.fleetstreams.join;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.state.StoreFormat;

/**
 * The join stores' value formats: fixed binary layouts, not the topics' JSON. Every accelerometer sample is written
 * into {@code accel-gps-join-samples} (and its changelog); as JSON that was the largest cost of the old join
 * (profiled in the app benchmark). A sample is kept as a {@link JoinSample}: its time and x, y, z.
 *
 * <p>Layout ({@link StoreFormat}): a format byte (1), the numbers (event time as a long, then doubles in record order),
 * then the strings, each as an int length (−1 for null) and UTF-8 bytes. A value in another format is refused with a
 * message that names the store, rather than read as garbage.
 */
public final class JoinStoreSerdes {

    // Format 2: only the sample's time and x, y, z (JoinSample); format 1 also held its id, ride id, uuid and offset.
    private static final StoreFormat SAMPLES = new StoreFormat(JoinProcessor.SAMPLES, (byte) 2);
    private static final StoreFormat FIXES = new StoreFormat(JoinProcessor.FIXES, (byte) 1);

    private JoinStoreSerdes() {
    }

    static Serde<JoinSample> joinSample() {
        return serde(JoinStoreSerdes::toBytes, JoinStoreSerdes::sampleFromBytes);
    }

    public static Serde<LocationFix> locationFix() {
        return serde(JoinStoreSerdes::toBytes, JoinStoreSerdes::fixFromBytes);
    }

    static byte[] toBytes(JoinSample s) {
        return SAMPLES.allocate(8 + 3 * 8).putLong(s.eventTime()).putDouble(s.x()).putDouble(s.y()).putDouble(s.z())
                .array();
    }

    static JoinSample sampleFromBytes(byte[] bytes) {
        ByteBuffer b = SAMPLES.open(bytes);
        return new JoinSample(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble());
    }

    static byte[] toBytes(LocationFix f) {
        byte[][] strings = StoreFormat.utf8(f.id(), f.rideId(), f.uuid(), f.geohash());
        ByteBuffer b = FIXES.allocate(8 + 7 * 8 + StoreFormat.length(strings));
        b.putLong(f.eventTime()).putDouble(f.offset()).putDouble(f.course()).putDouble(f.latitude())
                .putDouble(f.longitude()).putDouble(f.speed()).putDouble(f.accuracy());
        return StoreFormat.putStrings(b, strings).array();
    }

    static LocationFix fixFromBytes(byte[] bytes) {
        ByteBuffer b = FIXES.open(bytes);
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

    private static String string(ByteBuffer b) {
        return StoreFormat.getString(b);
    }
}
