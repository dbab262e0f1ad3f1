package org.fleetstreams.join;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.state.StoreFormat;

/**
 * The join stores' value formats: fixed binary layouts, not the topics' JSON. Every accelerometer sample is written
 * into {@code accel-gps-join-samples} (and its changelog); as JSON that was the largest cost of the old join
 * (profiled in the app benchmark). A sample is kept as a {@link JoinSample}: its time and x, y, z.
 *
 * <p>Layout ({@link StoreFormat}): a format byte, then for a fix the numbers (event time as a long, then doubles in
 * record order) and the strings, each as an int length (−1 for null) and UTF-8 bytes; for a chunk of samples
 * ({@link SampleChunks}, format 3) each sample's time as a long and x, y, z as doubles, 32 bytes a sample. A value in
 * another format is refused with a message that names the store, rather than read as garbage.
 */
public final class JoinStoreSerdes {

    // Format 3: chunks of samples in a key-value store (SampleChunks). Format 2 was one JoinSample per entry of a
    // window store, format 1 also held each sample's id, ride id, uuid and offset.
    private static final StoreFormat SAMPLES = new StoreFormat(JoinProcessor.SAMPLES, (byte) 3);
    private static final int SAMPLE_BYTES = 8 + 3 * 8;
    private static final StoreFormat FIXES = new StoreFormat(JoinProcessor.FIXES, (byte) 1);

    private JoinStoreSerdes() {
    }

    public static Serde<LocationFix> locationFix() {
        return StoreFormat.serde(JoinStoreSerdes::toBytes, JoinStoreSerdes::fixFromBytes);
    }

    /** An empty chunk with room for {@code capacity} samples: its format byte and nothing else written yet. */
    static byte[] emptySampleChunk(int capacity) {
        return SAMPLES.allocate(capacity * SAMPLE_BYTES).array();
    }

    /** The encoded length of a chunk of {@code samples} samples. */
    static int sampleChunkLength(int samples) {
        return 1 + samples * SAMPLE_BYTES;
    }

    /** Writes {@code s} into a chunk at {@code at} (its encoded length so far) and returns the new length. */
    static int putSample(byte[] chunk, int at, JoinSample s) {
        ByteBuffer.wrap(chunk, at, SAMPLE_BYTES).putLong(s.eventTime()).putDouble(s.x()).putDouble(s.y())
                .putDouble(s.z());
        return at + SAMPLE_BYTES;
    }

    /** The samples of an encoded chunk, in the order they were added. */
    static List<JoinSample> sampleChunk(byte[] bytes) {
        ByteBuffer b = SAMPLES.open(bytes);
        if (b.remaining() % SAMPLE_BYTES != 0) {
            throw new IllegalArgumentException("store " + JoinProcessor.SAMPLES + " holds a chunk of " + bytes.length
                    + " bytes, not a whole number of samples");
        }
        List<JoinSample> samples = new ArrayList<>(b.remaining() / SAMPLE_BYTES);
        while (b.hasRemaining()) {
            samples.add(new JoinSample(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble()));
        }
        return samples;
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

    private static String string(ByteBuffer b) {
        return StoreFormat.getString(b);
    }
}
