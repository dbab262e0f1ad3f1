package org.fleetstreams.summary;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The store format of {@link SummaryAccumulator}: a fixed binary layout. The store is read and written at every
 * accelerometer sample of every open window (50 Hz x 2 overlapping windows per car), and the JSON of a window with
 * 30 fixes cost more than everything else a sample does (profiled: Jackson number parsing on top).
 *
 * <p>Layout: format byte, accel samples (long), peak deceleration (double), alerts (int), fix count (int), then per
 * fix: event time (long), latitude, longitude, speed (doubles).
 */
public final class SummaryAccumulatorSerde implements Serde<SummaryAccumulator> {

    static final byte FORMAT = 1;

    @Override
    public Serializer<SummaryAccumulator> serializer() {
        return (topic, acc) -> acc == null ? null : toBytes(acc);
    }

    @Override
    public Deserializer<SummaryAccumulator> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    static byte[] toBytes(SummaryAccumulator acc) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 4 + 4 + 32 * acc.fixes().size());
        b.put(FORMAT).putLong(acc.accelSamples()).putDouble(acc.peakDecelG()).putInt(acc.alerts()).putInt(acc.fixes().size());
        for (SummaryAccumulator.Fix f : acc.fixes()) {
            b.putLong(f.eventTime()).putDouble(f.latitude()).putDouble(f.longitude()).putDouble(f.speed());
        }
        return b.array();
    }

    static SummaryAccumulator fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("car-summary-store value in an unknown format " + format + "; expected " + FORMAT);
        }
        long samples = b.getLong();
        double peak = b.getDouble();
        int alerts = b.getInt();
        int n = b.getInt();
        List<SummaryAccumulator.Fix> fixes = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            fixes.add(new SummaryAccumulator.Fix(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble()));
        }
        return new SummaryAccumulator(fixes, samples, peak, alerts);
    }
}
