package org.fleetstreams.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.app.ScratchDir;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.generate.Family;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.generate.SensorTiming;

/**
 * Harsh-braking detection quality against ground truth: prints figures (the acceptance test,
 * {@code DetectorQualityTest}, asserts them). Per generator family ({@link Family}; the thresholds were tuned on
 * SCRIPTED only) it generates the acceptance fleet (4 seeds x 50 cars), or reads one folder with its ground truth,
 * runs the real topology over it in a TopologyTestDriver, and scores the alerts ({@link QualityFigures}). Then a
 * threshold sweep, run straight through the detector for speed.
 *
 * <p>Run: the one command in docs/benchmarks.md ("Detection quality reports"). Options: ({@code --family
 * SCRIPTED|PHYSICS} for one family; {@code --seeds N --cars N} seeds and cars per seed; {@code --first-seed N} other
 * fleets than the acceptance ones; {@code --unknown-speed SHARE} the share of the PHYSICS fixes with speed −1 (0.03;
 * refused with {@code --data} or {@code --family SCRIPTED}, which have none to set); {@code --phone-hz HZ} and {@code
 * --gps-interval MIN,MAX} and {@code --gps-lag S} the PHYSICS sensor timing (default: 10, 25 or 50 Hz per car, a
 * fix every 1-4 s, GPS speed lagging 0.7-1.3 s per car; {@code --gps-speed-noise SD} each fix's speed error, m/s,
 * 0.2 by default; refused as {@code --unknown-speed} is); {@code --data DIR} for one folder; {@code --no-sweep} skips the sweep; {@code --direct}
 * runs the detector without the topology; {@code --braking braking.KEY=VALUE}, repeatable, a detector setting as in
 * the app's {@code --config} file; {@code --verbose} lists every missed brake and false alert; {@code --keep} keeps the
 * generated fleets, for {@code BrakeTrace}, where they are deleted at exit otherwise).
 */
public final class QualityReport {

    /** The first seed of the acceptance fleets, shared with {@code DetectorQualityTest}. */
    static final long SEED = 42;
    static final double DURATION_S = 120;

    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        boolean direct = a.contains("--direct");
        List<FamilyFleet> fleets;
        boolean physicsOnly = a.contains("--data") || a.contains("--family")
                && Family.valueOf(a.get(a.indexOf("--family") + 1)) != Family.PHYSICS;
        if (a.contains("--unknown-speed") && physicsOnly) {
            // a share the run would not use must not look as if it had been measured
            System.err.println("error: --unknown-speed sets the share of the generated PHYSICS fixes with speed -1; "
                    + (a.contains("--data") ? "--data replays the speeds in its files" : "the SCRIPTED family has none"));
            System.exit(2);
        }
        if ((a.contains("--phone-hz") || a.contains("--gps-interval") || a.contains("--gps-lag")
                || a.contains("--gps-speed-noise")) && physicsOnly) {
            System.err.println("error: --phone-hz, --gps-interval, --gps-lag and --gps-speed-noise set the generated"
                    + " PHYSICS fleet's sensors; "
                    + (a.contains("--data") ? "--data replays the times in its files" : "use --family PHYSICS"));
            System.exit(2);
        }
        SensorTiming asked = SensorTiming.of(
                a.contains("--phone-hz") ? Integer.parseInt(a.get(a.indexOf("--phone-hz") + 1)) : 0,
                a.contains("--gps-interval") ? a.get(a.indexOf("--gps-interval") + 1) : null);
        SensorTiming lagged = a.contains("--gps-lag")
                ? asked.withGpsLag(Double.parseDouble(a.get(a.indexOf("--gps-lag") + 1))) : asked;
        SensorTiming timing = a.contains("--gps-speed-noise")
                ? lagged.withGpsSpeedNoise(Double.parseDouble(a.get(a.indexOf("--gps-speed-noise") + 1))) : lagged;
        if (a.contains("--data")) {
            Path data = Path.of(a.get(a.indexOf("--data") + 1));
            fleets = List.of(new FamilyFleet(null, List.of(data), GroundTruth.read(data)));
        } else {
            int cars = a.contains("--cars") ? Integer.parseInt(a.get(a.indexOf("--cars") + 1)) : FamilyFleet.CARS_PER_SEED;
            int seeds = a.contains("--seeds") ? Integer.parseInt(a.get(a.indexOf("--seeds") + 1)) : FamilyFleet.SEEDS;
            List<Family> families = a.contains("--family") ? List.of(Family.valueOf(a.get(a.indexOf("--family") + 1)))
                    : List.of(Family.values());
            // 100 MB a PHYSICS seed: gone at exit unless asked for, as BrakeTrace needs it
            Path base = a.contains("--keep") ? Files.createTempDirectory("quality-fleet") : ScratchDir.deletedAtExit("quality-fleet");
            Long first = a.contains("--first-seed") ? Long.valueOf(a.get(a.indexOf("--first-seed") + 1)) : null;
            Double unknown = a.contains("--unknown-speed") ? Double.valueOf(a.get(a.indexOf("--unknown-speed") + 1)) : null;
            fleets = families.stream().map(f -> FamilyFleet.generate(f, base, first == null ? FamilyFleet.firstSeed(f) : first,
                    seeds, cars, unknown == null ? FleetGenerator.UNKNOWN_SPEED_SHARE : unknown, timing)).toList();
            if (!timing.equals(SensorTiming.DEFAULT)) {
                System.out.printf("PHYSICS sensor timing: phones at %s, a GPS fix every %.1f-%.1f s,"
                        + " GPS speed lagging %s, its noise %.2f m/s%n",
                        timing.phoneHz() == 0 ? "10, 25 or 50 Hz" : timing.phoneHz() + " Hz", timing.gpsMinS(),
                        timing.gpsMaxS(), timing.gpsLagS() == SensorTiming.LAG_PER_CAR ? "0.7-1.3 s"
                                : timing.gpsLagS() + " s", timing.gpsSpeedNoise());
            }
            System.out.printf("generated %d seeds x %d cars x %.0f s per family into %s (%s)%n", seeds, cars, DURATION_S, base,
                    a.contains("--keep") ? "kept" : "deleted at exit; --keep keeps it");
            if (unknown != null && families.contains(Family.SCRIPTED)) {
                System.out.printf("--unknown-speed %.2f: PHYSICS only (SCRIPTED has no fixes with speed -1)%n", unknown);
            }
        }
        if (!a.isEmpty() && a.get(a.size() - 1).equals("--braking")) {
            System.err.println("error: --braking needs braking.KEY=VALUE");
            System.exit(2);
        }
        Map<String, String> braking = new LinkedHashMap<>();
        for (int i = 0; i < a.size() - 1; i++) {
            if (a.get(i).equals("--braking")) {
                String[] kv = a.get(i + 1).split("=", 2);
                braking.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        BrakingConfig defaults = BrakingConfig.from(braking);
        if (!braking.isEmpty()) {
            System.out.println("detector settings: " + braking);
        }
        for (FamilyFleet fleet : fleets) {
            System.out.println("== " + fleet.label());
            DetectorRuns.Result run = fleet.run(defaults, !direct);
            System.out.printf("%s: %,d records in %.1f s; longest alert emission after its end %d ms (bound %d ms + a sample)%n",
                    direct ? "detector" : "topology (TopologyTestDriver)", run.records(), run.seconds(), run.maxEmitDelayMs(),
                    defaults.maxEmitDelay().toMillis());
            QualityFigures figures = figures(fleet.truth(), run);
            figures.print(System.out);
            if (a.contains("--verbose")) {
                figures.details().forEach(d -> System.out.println("  " + d));
            }
            if (!a.contains("--no-sweep")) {
                System.out.println("threshold sweep (enter g / leave g = enter - 0.05), detector only:");
                for (double enter : new double[] {0.22, 0.25, 0.28, 0.30, 0.32, 0.35}) {
                    BrakingConfig c = defaults.withThresholds(enter, enter - 0.05);
                    QualityFigures f = figures(fleet.truth(), fleet.run(c, false));
                    System.out.printf("  enter %.2f: precision %.3f  recall %.3f  (before fit %.3f)  F1 %.3f  false alerts %d"
                                    + " (on negatives %d)%n", enter, f.precision(), f.recall(), f.preFitRecall(), f.f1(),
                            f.falseAlerts().size(), f.alertsOnNegatives());
                }
            }
        }
    }

    static QualityFigures figures(GroundTruth truth, DetectorRuns.Result run) {
        return QualityFigures.evaluate(truth, run, TopologyFixture.EPOCH);
    }
}
