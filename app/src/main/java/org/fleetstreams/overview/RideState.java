package org.fleetstreams.overview;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Haversine;
import org.fleetstreams.common.LocationFix;

/**
 * What the app knows about one ride, the value of the {@value RideOverview#STORE} store: where it is, how far it went,
 * its recent track and alerts. Immutable; {@link #withFix} and {@link #withAlert} return the next state.
 *
 * @param firstTime  event time of the earliest fix (epoch ms), {@link Long#MIN_VALUE} before one (JSON: null)
 * @param lastTime   event time of the latest fix (epoch ms), {@link Long#MIN_VALUE} before one (JSON: null)
 * @param latitude   the latest fix's position, NaN before one (JSON: null), as {@code longitude}
 * @param speed      the latest valid GPS speed (m/s), null before one
 * @param distanceM  haversine over consecutive fixes in event-time order, a fix that comes out of order counted where
 *                   it belongs, unless it is older than the whole track (steps faster than 70 m/s, such as the jump
 *                   back to the start when a replay loops, are not counted)
 * @param track      the last {@value #TRACK_SIZE} fixes, oldest first
 * @param alerts     the last {@value #ALERTS_SIZE} alerts, oldest first
 */
@JsonPropertyOrder({"ride_id", "first_time", "last_time", "latitude", "longitude", "speed", "distance_m", "fixes",
        "alert_count", "moderate", "harsh", "severe", "track", "alerts"})
public record RideState(
        @JsonProperty("ride_id") String rideId,
        @JsonProperty("first_time") @JsonSerialize(using = UnknownAsNull.class) long firstTime,
        @JsonProperty("last_time") @JsonSerialize(using = UnknownAsNull.class) long lastTime,
        @JsonProperty("latitude") @JsonSerialize(using = UnknownAsNull.class) double latitude,
        @JsonProperty("longitude") @JsonSerialize(using = UnknownAsNull.class) double longitude,
        @JsonProperty("speed") Double speed,
        @JsonProperty("distance_m") double distanceM,
        @JsonProperty("fixes") long fixes,
        @JsonProperty("alert_count") int alertCount,
        @JsonProperty("moderate") int moderate,
        @JsonProperty("harsh") int harsh,
        @JsonProperty("severe") int severe,
        @JsonProperty("track") List<TrackPoint> track,
        @JsonProperty("alerts") List<HarshBrakingAlert> alerts) {

    public static final int TRACK_SIZE = 300;
    public static final int ALERTS_SIZE = 50;

    /** Steps implying more than this speed (m/s) are jumps, not driving: not added to the distance. */
    static final double MAX_PLAUSIBLE_SPEED = 70;
    /** Two speeds further apart than this (ms) give no acceleration. */
    static final long MAX_ACCEL_GAP_MS = 10_000;
    static final double G = AccelerationSample.STANDARD_GRAVITY;

    public static RideState empty(String rideId) {
        return new RideState(rideId, Long.MIN_VALUE, Long.MIN_VALUE, Double.NaN, Double.NaN, null, 0, 0, 0, 0, 0, 0,
                List.of(), List.of());
    }

    public RideState withFix(LocationFix fix) {
        long t = fix.eventTime();
        if (!fix.hasPosition()) {
            // counted, as the summaries count it; drawn, it would take the map to the Gulf of Guinea and the track's
            // distance through it
            boolean first = fixes == 0;
            return new RideState(rideId, first ? t : Math.min(firstTime, t), first ? t : Math.max(lastTime, t),
                    latitude, longitude, speed, distanceM, fixes + 1, alertCount, moderate, harsh, severe, track, alerts);
        }
        Double v = fix.hasValidSpeed() ? fix.speed() : null;
        List<TrackPoint> next = new ArrayList<>(track);
        int at = next.size();
        while (at > 0 && next.get(at - 1).t() > t) {
            at--; // out of order: insert in event-time order
        }
        TrackPoint before = at > 0 ? next.get(at - 1) : null;
        // One older than the whole track, when the track is full, would fall out of it at once: it is counted, and
        // the track (its first point's acceleration, measured from what is before it) stays as it was.
        boolean inTrack = before != null || track.size() < TRACK_SIZE;
        TrackPoint point = new TrackPoint(t, fix.latitude(), fix.longitude(), v, accelAt(next, at, t, v));
        if (inTrack) {
            next.add(at, point);
        }
        boolean latest = at == track.size();
        TrackPoint after = latest || !inTrack ? null : next.get(at + 1);
        if (after != null && after.speed() != null) {
            // the fix after it now has this one as its predecessor: its GPS acceleration is measured from here
            next.set(at + 1, new TrackPoint(after.t(), after.lat(), after.lon(), after.speed(),
                    accelAt(next, at + 1, after.t(), after.speed())));
        }
        // A fix out of order (within the tolerated disorder) goes between two fixes: the step between them is replaced
        // by the two through it. One older than the whole track, when the track is full, has no known neighbour
        // before it: nothing is added (the step to it fell out of the track long ago).
        double distance = distanceM;
        if (inTrack) {
            distance += plausibleStep(before, point) + plausibleStep(point, after) - plausibleStep(before, after);
        }
        if (next.size() > TRACK_SIZE) {
            next = new ArrayList<>(next.subList(next.size() - TRACK_SIZE, next.size()));
        }
        boolean first = fixes == 0;
        return new RideState(rideId, first ? t : Math.min(firstTime, t), latest ? t : lastTime,
                latest ? fix.latitude() : latitude, latest ? fix.longitude() : longitude,
                latest && v != null ? v : speed, distance, fixes + 1, alertCount, moderate, harsh, severe,
                List.copyOf(next), alerts);
    }

    public RideState withAlert(HarshBrakingAlert alert) {
        List<HarshBrakingAlert> next = new ArrayList<>(alerts);
        next.add(alert);
        next.sort(Comparator.comparingLong(HarshBrakingAlert::endTime));
        if (next.size() > ALERTS_SIZE) {
            next = next.subList(next.size() - ALERTS_SIZE, next.size());
        }
        String s = alert.severity();
        int moreModerate = HarshBrakingAlert.MODERATE.equals(s) ? 1 : 0;
        int moreHarsh = HarshBrakingAlert.HARSH.equals(s) ? 1 : 0;
        int moreSevere = HarshBrakingAlert.SEVERE.equals(s) ? 1 : 0;
        return new RideState(rideId, firstTime, lastTime, latitude, longitude, speed, distanceM, fixes, alertCount + 1,
                moderate + moreModerate, harsh + moreHarsh, severe + moreSevere, track, List.copyOf(next));
    }

    /**
     * The GPS acceleration (g) of a speed {@code v} at {@code t} against the nearest earlier point of {@code points}
     * before index {@code at} with a speed and an earlier time, at most {@value #MAX_ACCEL_GAP_MS} ms back; null if none.
     */
    private static Double accelAt(List<TrackPoint> points, int at, long t, Double v) {
        if (v == null) {
            return null;
        }
        for (int i = at - 1; i >= 0; i--) {
            TrackPoint p = points.get(i);
            long dt = t - p.t();
            if (dt > MAX_ACCEL_GAP_MS) {
                return null;
            }
            if (p.speed() != null && dt > 0) {
                return (v - p.speed()) / (dt / 1000.0) / G;
            }
        }
        return null;
    }

    /** The metres from {@code a} to {@code b}, 0 if either is null or the step is a jump (or takes no time). */
    private static double plausibleStep(TrackPoint a, TrackPoint b) {
        if (a == null || b == null || b.t() <= a.t()) {
            return 0;
        }
        double step = Haversine.metres(a.lat(), a.lon(), b.lat(), b.lon());
        return step / ((b.t() - a.t()) / 1000.0) <= MAX_PLAUSIBLE_SPEED ? step : 0;
    }

    /** The same ride without its track and alert list: one row of the fleet view. */
    public RideState summary() {
        return new RideState(rideId, firstTime, lastTime, latitude, longitude, speed, distanceM, fixes, alertCount,
                moderate, harsh, severe, List.of(), List.of());
    }
}
