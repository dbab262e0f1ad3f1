package org.fleetstreams.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;

/**
 * The demo's closing table: one row per ride, from what the app wrote (its window summaries and its alerts).
 *
 * <p>Hopping windows overlap (30 s every 15 s), so summing them would count everything twice. The windows whose
 * start is a multiple of their size tile the time line without overlap; distance, fixes and the mean speed come from
 * those. The distance between the last fix of one tile and the first of the next lies in no tile and is not counted
 * (one GPS step per 30 s). Max speed is over all windows; braking events are the alerts.
 */
final class RideTable {

    /** One ride's figures. */
    record Row(String rideId, double distanceMetres, Double meanSpeed, Double maxSpeed, long fixes, long samples,
               int brakingEvents, double worstBrakeG) {
    }

    private RideTable() {
    }

    /** @param summaries the latest summary of each (ride, window) */
    static List<Row> rows(Collection<CarSummary> summaries, Collection<HarshBrakingAlert> alerts, long windowSizeMs) {
        Map<String, double[]> acc = new TreeMap<>(); // distance, speed·fixes, fixes with speed, fixes, samples, max
        for (CarSummary s : summaries) {
            double[] a = acc.computeIfAbsent(s.rideId(), k -> new double[] {0, 0, 0, 0, 0, Double.NaN});
            if (s.maxSpeed() != null) {
                a[5] = Double.isNaN(a[5]) ? s.maxSpeed() : Math.max(a[5], s.maxSpeed());
            }
            if (Math.floorMod(s.windowStart(), windowSizeMs) != 0) {
                continue;
            }
            a[0] += s.distanceMetres();
            if (s.meanSpeed() != null) { // a mean over the fixes with a known speed: weighted by their count
                int weight = s.speedFixes() != null ? s.speedFixes() : s.gpsFixes(); // older summaries lack it
                a[1] += s.meanSpeed() * weight;
                a[2] += weight;
            }
            a[3] += s.gpsFixes();
            a[4] += s.accelSamples();
        }
        Map<String, List<HarshBrakingAlert>> byRide = new TreeMap<>();
        alerts.forEach(a -> byRide.computeIfAbsent(a.rideId(), k -> new ArrayList<>()).add(a));
        byRide.keySet().forEach(ride -> acc.computeIfAbsent(ride, k -> new double[] {0, 0, 0, 0, 0, Double.NaN}));
        List<Row> rows = new ArrayList<>();
        acc.forEach((ride, a) -> {
            List<HarshBrakingAlert> mine = byRide.getOrDefault(ride, List.of());
            rows.add(new Row(ride, a[0], a[2] == 0 ? null : a[1] / a[2], Double.isNaN(a[5]) ? null : a[5], (long) a[3],
                    (long) a[4], mine.size(), mine.stream().mapToDouble(HarshBrakingAlert::peakDecelG).max().orElse(0)));
        });
        return rows;
    }

    static String format(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-34s %9s %10s %9s %6s %8s %8s %10s%n",
                "ride", "distance", "mean speed", "max speed", "fixes", "samples", "braking", "worst"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-34s %7.0f m %6s m/s %5s m/s %6d %8d %8d %10s%n", r.rideId(),
                    r.distanceMetres(), r.meanSpeed() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.meanSpeed()),
                    r.maxSpeed() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.maxSpeed()), r.fixes(), r.samples(),
                    r.brakingEvents(), r.brakingEvents() == 0 ? "" : String.format(Locale.ROOT, "%.2f g", r.worstBrakeG())));
        }
        out.append(String.format(Locale.ROOT, "%d rides, %.1f km, %d harsh-braking events%n", rows.size(),
                rows.stream().mapToDouble(Row::distanceMetres).sum() / 1000, rows.stream().mapToInt(Row::brakingEvents).sum()));
        return out.toString();
    }
}
