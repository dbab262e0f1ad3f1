package org.fleetstreams.quality;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.generate.FleetGenerator;

/**
 * Harsh-braking detection quality against ground truth: prints figures (the acceptance test,
 * {@code DetectorQualityTest}, asserts them). It generates a synthetic fleet, or reads one with its ground truth,
 * runs the real topology over it in a TopologyTestDriver, and scores the alerts ({@link QualityFigures}). Then a
 * threshold sweep, run straight through the detector for speed.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl app exec:java@quality -Dexec.args="--cars 200"}
 * (or {@code --data data/sample}; {@code --no-sweep} skips the sweep; {@code --direct} runs the detector without
 * the topology; {@code --verbose} lists every missed brake and false alert). What you see: precision, recall and F1,
 * recall per severity band, false alerts by what the truth had nearby, onset error, the forward-axis error, and one
 * line per threshold.
 */
public final class QualityReport {

    /** The acceptance fleet: seed and size shared with {@code DetectorQualityTest}. */
    static final long SEED = 42;
    static final double DURATION_S = 120;

    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        Path data;
        if (a.contains("--data")) {
            data = Path.of(a.get(a.indexOf("--data") + 1));
        } else {
            int cars = a.contains("--cars") ? Integer.parseInt(a.get(a.indexOf("--cars") + 1)) : 200;
            long seed = a.contains("--seed") ? Long.parseLong(a.get(a.indexOf("--seed") + 1)) : SEED;
            data = Files.createTempDirectory("quality-fleet");
            FleetGenerator.generate(new FleetGenerator.Options(data, cars, DURATION_S, seed, 4));
            System.out.printf("generated %d cars x %.0f s, seed %d, into %s%n", cars, DURATION_S, seed, data);
        }
        GroundTruth truth = GroundTruth.read(data);
        BrakingConfig defaults = BrakingConfig.defaults();
        DetectorRuns.Result run = a.contains("--direct") ? DetectorRuns.direct(data, defaults)
                : DetectorRuns.topology(data, defaults);
        System.out.printf("%s: %,d records in %.1f s%n", a.contains("--direct") ? "detector" : "topology (TopologyTestDriver)",
                run.records(), run.seconds());
        QualityFigures figures = figures(truth, run);
        figures.print(System.out);
        if (a.contains("--verbose")) {
            figures.details().forEach(d -> System.out.println("  " + d));
        }
        if (!a.contains("--no-sweep")) {
            System.out.println("threshold sweep (enter g / leave g = enter - 0.05), detector only:");
            for (double enter : new double[] {0.22, 0.25, 0.28, 0.30, 0.32, 0.35}) {
                BrakingConfig c = defaults.withThresholds(enter, enter - 0.05);
                QualityFigures f = figures(truth, DetectorRuns.direct(data, c));
                System.out.printf("  enter %.2f: precision %.3f  recall %.3f  F1 %.3f  false alerts %d (on negatives %d)%n",
                        enter, f.precision(), f.recall(), f.f1(), f.falseAlerts().size(), f.alertsOnNegatives());
            }
        }
    }

    static QualityFigures figures(GroundTruth truth, DetectorRuns.Result run) {
        return QualityFigures.evaluate(truth, run, TopologyFixture.EPOCH);
    }
}
