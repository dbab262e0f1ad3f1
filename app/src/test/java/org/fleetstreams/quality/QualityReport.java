package org.fleetstreams.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;

/**
 * Harsh-braking detection quality against ground truth: prints figures, asserts nothing (the acceptance test is
 * issue 4's, still to come). Generates a synthetic fleet (or reads one with ground-truth.csv), runs the real
 * topology over it in a TopologyTestDriver, and matches alerts to {@code harsh_braking} truth rows of the same ride
 * whose start is within ±1 s.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl app exec:java@quality -Dexec.args="--cars 200"}
 * (or {@code --data data/sample}).
 */
public final class QualityReport {

    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        Path data;
        if (a.contains("--data")) {
            data = Path.of(a.get(a.indexOf("--data") + 1));
        } else {
            int cars = a.contains("--cars") ? Integer.parseInt(a.get(a.indexOf("--cars") + 1)) : 200;
            data = Files.createTempDirectory("quality-fleet");
            FleetGenerator.generate(new FleetGenerator.Options(data, cars, 120, 42, 4));
        }
        List<String[]> truth = Files.readAllLines(data.resolve("ground-truth.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        List<HarshBrakingAlert> alerts = alerts(data);

        Map<String, int[]> bands = new TreeMap<>(); // band -> {positives, found}
        List<Long> onsets = new ArrayList<>();
        Set<HarshBrakingAlert> matched = new HashSet<>();
        for (String[] t : truth) {
            if (!t[1].equals("harsh_braking")) {
                continue;
            }
            double g = Double.parseDouble(t[4]);
            int[] band = bands.computeIfAbsent(HarshBrakingAlert.severityOf(g) + " (truth)", k -> new int[2]);
            band[0]++;
            long start = TopologyFixture.EPOCH + Math.round(Double.parseDouble(t[2]) * 1000);
            for (HarshBrakingAlert alert : alerts) {
                if (!matched.contains(alert) && alert.rideId().equals(t[0]) && Math.abs(alert.startTime() - start) <= 1000) {
                    matched.add(alert);
                    band[1]++;
                    onsets.add(alert.startTime() - start);
                    break;
                }
            }
        }
        Map<String, Integer> falseNear = new TreeMap<>();
        for (HarshBrakingAlert alert : alerts) {
            if (matched.contains(alert)) {
                continue;
            }
            double at = (alert.startTime() - TopologyFixture.EPOCH) / 1000.0;
            String near = truth.stream().filter(t -> t[0].equals(alert.rideId())
                            && at >= Double.parseDouble(t[2]) - 3 && at <= Double.parseDouble(t[3]) + 3)
                    .map(t -> t[1]).findFirst().orElse("nothing");
            falseNear.merge(near, 1, Integer::sum);
        }
        int positives = bands.values().stream().mapToInt(b -> b[0]).sum();
        int found = matched.size();
        double recall = found / (double) Math.max(1, positives);
        double precision = found / (double) Math.max(1, alerts.size());
        System.out.printf("data %s: %d harsh braking events in the truth, %d alerts%n", data, positives, alerts.size());
        System.out.printf("recall %.3f  precision %.3f  F1 %.3f%n", recall, precision,
                2 * recall * precision / Math.max(1e-9, recall + precision));
        bands.forEach((band, b) -> System.out.printf("  %-18s recall %.3f (%d of %d)%n", band, b[1] / (double) b[0], b[1], b[0]));
        onsets.sort(Long::compare);
        if (!onsets.isEmpty()) {
            System.out.printf("onset error: median %+d ms, p90 %+d ms%n", onsets.get(onsets.size() / 2),
                    onsets.get((int) (onsets.size() * 0.9)));
        }
        System.out.println("unmatched alerts, by what the truth has within 3 s: " + falseNear);
    }

    private static List<HarshBrakingAlert> alerts(Path data) throws IOException {
        Path state = Files.createTempDirectory("quality-state");
        try (ReplaySchedule schedule = new ReplaySchedule(BddDataset.open(data), ClockMode.OFFSET, TopologyFixture.EPOCH,
                1, 10_000, new RowSkips());
             TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            var out = app.driver.createOutputTopic(TopologyFixture.config(state).topics().harshBraking(),
                    new StringDeserializer(), FleetSerdes.harshBrakingAlert().deserializer());
            List<HarshBrakingAlert> alerts = new ArrayList<>();
            while (schedule.hasNext()) {
                var next = schedule.next();
                SensorReading r = next.reading().withIdentity(next.reading().id(), next.reading().rideId(),
                        next.reading().uuid(), next.eventTimeMillis());
                if (r instanceof LocationFix f) {
                    app.pipe(f);
                } else {
                    app.pipe((AccelerationSample) r);
                }
                if (out.getQueueSize() > 1000) {
                    alerts.addAll(out.readValuesToList());
                }
            }
            app.pipe(TopologyFixture.sample("end-of-report", TopologyFixture.EPOCH + 3_600_000, 0, 0, 1));
            alerts.addAll(out.readValuesToList());
            return alerts;
        }
    }
}
