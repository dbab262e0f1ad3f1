package org.fleetstreams.quality;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.braking.BrakingDetector;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.braking.DetectorState;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/**
 * The detector on the real BDD rides, per ride: was the forward axis fitted, the sign check, and the alerts.
 *
 * <p>Sign check: every GPS interval that starts below 1 m/s and gains at least 1 m/s is a pull-away from a stop.
 * The mean dynamic acceleration over it, projected on the forward axis the detector was using at that moment, must
 * be positive. A negative one means the axis points backwards.
 *
 * <p>Run: the one command in docs/benchmarks.md ("Detection quality reports"). It prints a Markdown table, the one in
 * the README.
 */
public final class RealDataReport {

    /** One ride's figures. {@code pullAways} holds the sign (+1 or −1) of each pull-away on the axis then in use. */
    record Ride(String rideId, int samples, int fixes, int pairs, boolean fitted, double r2, String axisAtEnd,
                List<Integer> pullAways, List<HarshBrakingAlert> alerts) {

        String signCheck() {
            if (pullAways.isEmpty()) {
                return "no pull-away";
            }
            long ok = pullAways.stream().filter(s -> s > 0).count();
            return (ok == pullAways.size() ? "pass" : "FAIL") + " (" + ok + "/" + pullAways.size() + ")";
        }
    }

    private RealDataReport() {
    }

    public static void main(String[] args) throws IOException {
        print(run(TestData.bdd()), System.out);
    }

    static List<Ride> run(Path data) {
        BrakingDetector detector = new BrakingDetector(BrakingConfig.defaults());
        Map<String, DetectorState> states = new HashMap<>();
        Map<String, int[]> counts = new HashMap<>(); // samples, fixes
        Map<String, List<Integer>> pullAways = new HashMap<>();
        Map<String, List<HarshBrakingAlert>> alerts = new HashMap<>();
        Map<String, Double> lastSpeed = new HashMap<>();
        try (ReplaySchedule schedule = new ReplaySchedule(BddDataset.open(data), ClockMode.OFFSET, TopologyFixture.EPOCH,
                1, 10_000, new RowSkips())) {
            while (schedule.hasNext()) {
                ScheduledReading next = schedule.next();
                SensorReading r = next.reading().withIdentity(next.reading().id(), next.reading().rideId(),
                        next.reading().uuid(), next.eventTimeMillis());
                DetectorState s = states.computeIfAbsent(r.rideId(), k -> new DetectorState());
                int[] c = counts.computeIfAbsent(r.rideId(), k -> new int[2]);
                List<BrakingOutput> out;
                if (r instanceof LocationFix f) {
                    c[1]++;
                    Double before = lastSpeed.get(f.rideId());
                    double[] dyn = s.meanDynamicSinceFix();
                    double[] axis = s.forwardInUse();
                    if (f.hasValidSpeed() && before != null && before < 1 && f.speed() >= before + 1 && dyn != null
                            && axis != null) {
                        double lon = dyn[0] * axis[0] + dyn[1] * axis[1] + dyn[2] * axis[2];
                        pullAways.computeIfAbsent(f.rideId(), k -> new ArrayList<>()).add(lon > 0 ? 1 : -1);
                    }
                    if (f.hasValidSpeed()) {
                        lastSpeed.put(f.rideId(), f.speed());
                    }
                    out = detector.onFix(s, f);
                } else {
                    c[0]++;
                    out = detector.onSample(s, (AccelerationSample) r);
                }
                out.stream().filter(BrakingOutput::isAlert)
                        .forEach(o -> alerts.computeIfAbsent(o.alert().rideId(), k -> new ArrayList<>()).add(o.alert()));
            }
        }
        List<Ride> rides = new ArrayList<>();
        new TreeMap<>(states).forEach((ride, s) -> rides.add(new Ride(ride, counts.get(ride)[0], counts.get(ride)[1],
                s.calibrationPairs(), s.calibrated(), s.r2(), s.axisSource(), pullAways.getOrDefault(ride, List.of()),
                alerts.getOrDefault(ride, List.of()))));
        return rides;
    }

    static void print(List<Ride> rides, PrintStream out) {
        out.println("| ride | samples | fixes | fit pairs | axis at end | R² | pull-away sign check | alerts |");
        out.println("| --- | ---: | ---: | ---: | --- | ---: | --- | --- |");
        for (Ride r : rides) {
            String alerts = r.alerts().isEmpty() ? "" : String.join("; ", r.alerts().stream()
                    .map(a -> String.format(Locale.ROOT, "%.1f s, %.2f g, %s, %s", (a.startTime() - TopologyFixture.EPOCH)
                            / 1000.0, a.peakDecelG(), a.severity(), a.confidence())).toList());
            out.printf(Locale.ROOT, "| `%s` | %,d | %d | %d | %s | %s | %s | %s |%n", r.rideId().substring(0, 8),
                    r.samples(), r.fixes(), r.pairs(), r.axisAtEnd(), r.fitted() ? String.format(Locale.ROOT, "%.2f", r.r2()) : "",
                    r.signCheck(), alerts);
        }
        long fitted = rides.stream().filter(Ride::fitted).count();
        long checked = rides.stream().filter(r -> !r.pullAways().isEmpty()).count();
        long passed = rides.stream().filter(r -> r.signCheck().startsWith("pass")).count();
        out.printf("%d rides; forward axis fitted in %d; pull-away sign check: %d of %d rides with a pull-away pass; %d alerts%n",
                rides.size(), fitted, passed, checked, rides.stream().mapToInt(r -> r.alerts().size()).sum());
    }
}
