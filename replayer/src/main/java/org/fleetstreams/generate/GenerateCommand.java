package org.fleetstreams.generate;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fleetstreams.common.cli.ProjectVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar replayer/target/replayer.jar generate --out data/sample --cars 20 --duration 120 --seed 1}:
 * a synthetic fleet in the BDD layout and schema, with {@code ground-truth.csv} beside it.
 *
 * <p>What you see: one line, "Generated 20 cars x 120 s into data/sample in ... s: ... partitions, ... files, ...
 * location rows, ... acceleration rows" and the ground truth's counts (harsh brakes, negatives); the directory then
 * replays like the real data ({@code replayer.jar --data data/sample}).
 */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class, sortOptions = false,
        description = "Writes a synthetic fleet in exactly the BDD layout and schema (deterministic from --seed),"
                + " with ground-truth.csv listing every scripted braking event and negative.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:could not write the files", "2:bad options (or data already in --out)"})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must be new or empty).")
    Path out;

    @Option(names = "--cars", defaultValue = "20", paramLabel = "N",
            description = "Cars, 1 to 10000, as many as half the heap holds (default: ${DEFAULT-VALUE}).")
    int cars;

    @Option(names = "--duration", defaultValue = "120", paramLabel = "SECONDS",
            description = "Simulated seconds per car, over 10 and at most 604800, 7 days"
                    + " (default: ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tick", defaultValue = "4", paramLabel = "SECONDS",
            description = "Mean length of a t= partition (default: ${DEFAULT-VALUE}).")
    double tickS;

    @Option(names = "--family", defaultValue = "SCRIPTED", paramLabel = "NAME",
            description = "Simulator: SCRIPTED (the original, the detector was tuned on it) or PHYSICS (independent;"
                    + " lagging GPS, road grade, early brakes) (default: ${DEFAULT-VALUE}).")
    Family family;

    @Option(names = "--unknown-speed", paramLabel = "SHARE",
            description = "PHYSICS only: the share of GPS fixes reported with speed -1, unknown (default: "
                    + FleetGenerator.UNKNOWN_SPEED_SHARE + ").")
    Double unknownSpeed;

    @Option(names = "--phone-hz", paramLabel = "HZ",
            description = "PHYSICS only: every phone's accelerometer rate, any that divides 100 (1, 2, 4, 5,"
                    + " 10, 20, 25, 50 or 100; default: 10, 25 or 50 per car).")
    Integer phoneHz;

    @Option(names = "--gps-interval", paramLabel = "MIN,MAX",
            description = "PHYSICS only: seconds between two GPS fixes, drawn from MIN..MAX, or one number"
                    + " (default: 1,4).")
    String gpsInterval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        if (unknownSpeed != null && family != Family.PHYSICS) {
            throw new ParameterException(spec.commandLine(), "--unknown-speed is for --family PHYSICS only");
        }
        if ((phoneHz != null || gpsInterval != null) && family != Family.PHYSICS) {
            throw new ParameterException(spec.commandLine(), "--phone-hz and --gps-interval are for --family PHYSICS only");
        }
        FleetGenerator.Options options;
        FleetGenerator.Summary s;
        try {
            options = new FleetGenerator.Options(out, cars, durationS, seed, tickS, family,
                    unknownSpeed == null ? FleetGenerator.UNKNOWN_SPEED_SHARE : unknownSpeed,
                    SensorTiming.of(phoneHz == null ? 0 : phoneHz, gpsInterval));
            FleetGenerator.check(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            s = FleetGenerator.generate(options);
        } catch (UncheckedIOException e) {
            System.err.println("error: cannot write " + out + ": " + e.getCause());
            return 1;
        }
        System.out.printf("Generated %d cars x %.0f s into %s in %.1f s: %d partitions, %,d files, %,d location rows,"
                        + " %,d acceleration rows; ground truth: %d harsh braking events, %d negatives%n",
                s.cars(), durationS, out, (System.nanoTime() - start) / 1e9, s.partitions(), s.files(), s.locationRows(),
                s.accelerationRows(), s.harshBrakingEvents(), s.negatives());
        return 0;
    }
}
