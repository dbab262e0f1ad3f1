package org.fleetstreams.overview;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.state.StoreFormat;

/**
 * The {@value RideOverview#STORE} store's value format: binary, written at each commit for every ride that changed,
 * track (up to {@value RideState#TRACK_SIZE} fixes) and alerts included. JSON cost the live stream thread 15.5 % of
 * its samples in a 20x demo (formatting every coordinate as text at every commit, docs/benchmarks.md); here a double is
 * its eight bytes. The REST API and the dashboard read objects through interactive queries, so the bytes are internal
 * to the store and its changelog.
 *
 * <p>Values written as JSON by earlier versions (they start with <code>{</code>, which no binary value does) are still
 * read, so an app upgraded over its old state or changelog goes on without a reset; they are rewritten in binary at the
 * ride's next change.
 */
final class RideStateFormat {

    private static final StoreFormat FORMAT = new StoreFormat(RideOverview.STORE, (byte) 1);
    private static final JsonSerde<RideState> JSON = new JsonSerde<>(RideState.class);

    static final Serde<RideState> SERDE = StoreFormat.serde(RideStateFormat::toBytes, RideStateFormat::fromBytes);

    /** Per track point: time, latitude, longitude, a flags byte (speed, acceleration present), then those present. */
    private static final int POINT_FIXED = 8 + 8 + 8 + 1;

    private RideStateFormat() {
    }

    static byte[] toBytes(RideState s) {
        byte[] ride = StoreFormat.utf8(s.rideId());
        int size = StoreFormat.length(ride) + 8 * 4 + 1 + 8 + 8 + 8 + 4 * 4 + 4 + 4;
        for (TrackPoint p : s.track()) {
            size += POINT_FIXED + (p.speed() == null ? 0 : 8) + (p.accelG() == null ? 0 : 8);
        }
        List<byte[][]> alertStrings = new ArrayList<>(s.alerts().size());
        for (HarshBrakingAlert a : s.alerts()) {
            byte[][] strings = StoreFormat.utf8(a.rideId(), a.severity(), a.confidence(), a.source());
            alertStrings.add(strings);
            size += StoreFormat.length(strings) + 8 * 3 + 8 * 2 + 1 + 8 * 4;
        }
        ByteBuffer b = FORMAT.allocate(size);
        StoreFormat.putString(b, ride);
        b.putLong(s.firstTime()).putLong(s.lastTime()).putDouble(s.latitude()).putDouble(s.longitude());
        b.put(StoreFormat.flags(s.speed() != null)).putDouble(s.speed() == null ? 0 : s.speed());
        b.putDouble(s.distanceM()).putLong(s.fixes());
        b.putInt(s.alertCount()).putInt(s.moderate()).putInt(s.harsh()).putInt(s.severe());
        b.putInt(s.track().size());
        for (TrackPoint p : s.track()) {
            b.putLong(p.t()).putDouble(p.lat()).putDouble(p.lon()).put(StoreFormat.flags(p.speed() != null,
                    p.accelG() != null));
            putIfPresent(b, p.speed());
            putIfPresent(b, p.accelG());
        }
        b.putInt(s.alerts().size());
        for (int i = 0; i < s.alerts().size(); i++) {
            HarshBrakingAlert a = s.alerts().get(i);
            StoreFormat.putStrings(b, alertStrings.get(i));
            b.putLong(a.startTime()).putLong(a.endTime()).putLong(a.durationMs());
            b.putDouble(a.peakDecelG()).putDouble(a.meanDecelG());
            b.put(StoreFormat.flags(a.speedBefore() != null, a.speedAfter() != null, a.latitude() != null,
                    a.longitude() != null));
            putIfPresent(b, a.speedBefore());
            putIfPresent(b, a.speedAfter());
            putIfPresent(b, a.latitude());
            putIfPresent(b, a.longitude());
        }
        return StoreFormat.written(b);
    }

    static RideState fromBytes(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return JSON.fromBytes(bytes);
        }
        ByteBuffer b = FORMAT.open(bytes);
        String ride = StoreFormat.getString(b);
        long firstTime = b.getLong();
        long lastTime = b.getLong();
        double latitude = b.getDouble();
        double longitude = b.getDouble();
        boolean hasSpeed = StoreFormat.bit(b.get(), 0);
        double speed = b.getDouble();
        double distance = b.getDouble();
        long fixes = b.getLong();
        int alertCount = b.getInt();
        int moderate = b.getInt();
        int harsh = b.getInt();
        int severe = b.getInt();
        TrackPoint[] track = new TrackPoint[b.getInt()];
        for (int i = 0; i < track.length; i++) {
            long t = b.getLong();
            double lat = b.getDouble();
            double lon = b.getDouble();
            byte present = b.get();
            track[i] = new TrackPoint(t, lat, lon, getIfPresent(b, present, 0), getIfPresent(b, present, 1));
        }
        HarshBrakingAlert[] alerts = new HarshBrakingAlert[b.getInt()];
        for (int i = 0; i < alerts.length; i++) {
            String alertRide = StoreFormat.getString(b);
            String severity = StoreFormat.getString(b);
            String confidence = StoreFormat.getString(b);
            String source = StoreFormat.getString(b);
            long start = b.getLong();
            long end = b.getLong();
            long duration = b.getLong();
            double peak = b.getDouble();
            double mean = b.getDouble();
            byte present = b.get();
            alerts[i] = new HarshBrakingAlert(alertRide, start, end, duration, peak, mean,
                    getIfPresent(b, present, 0), getIfPresent(b, present, 1), severity, confidence, source,
                    getIfPresent(b, present, 2), getIfPresent(b, present, 3));
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("store " + RideOverview.STORE + ": " + b.remaining()
                    + " bytes after the value of ride " + ride);
        }
        return new RideState(ride, firstTime, lastTime, latitude, longitude, hasSpeed ? speed : null, distance, fixes,
                alertCount, moderate, harsh, severe, List.of(track), List.of(alerts));
    }

    private static void putIfPresent(ByteBuffer b, Double value) {
        if (value != null) {
            b.putDouble(value);
        }
    }

    private static Double getIfPresent(ByteBuffer b, byte present, int bit) {
        return StoreFormat.bit(present, bit) ? b.getDouble() : null;
    }
}
