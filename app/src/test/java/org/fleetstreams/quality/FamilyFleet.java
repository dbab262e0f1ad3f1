package org.fleetstreams.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.generate.Family;
import org.fleetstreams.generate.FleetGenerator;
import org.fleetstreams.generate.SensorTiming;

/**
 * One generator family's acceptance fleet: several seeds of {@code carsPerSeed} cars each, generated into folders
 * under a base folder, with their merged ground truth. The thresholds were tuned on {@link Family#SCRIPTED} only.
 * {@code family} is null for a folder given with {@code QualityReport --data}, whose maker is not known.
 */
record FamilyFleet(Family family, List<Path> folders, GroundTruth truth) {

    /** Seeds per family: 4 x 50 cars = 200 cars per family. */
    static final int SEEDS = 4;
    static final int CARS_PER_SEED = 50;

    static long firstSeed(Family family) {
        return family == Family.SCRIPTED ? QualityReport.SEED : 1_000 + QualityReport.SEED;
    }

    static FamilyFleet generate(Family family, Path base, int seeds, int carsPerSeed) {
        return generate(family, base, firstSeed(family), seeds, carsPerSeed, FleetGenerator.UNKNOWN_SPEED_SHARE);
    }

    /**
     * The same from another first seed (fleets the detector was not developed on) and with {@code unknownSpeedShare}
     * of the PHYSICS fixes reported with speed −1.
     */
    static FamilyFleet generate(Family family, Path base, long firstSeed, int seeds, int carsPerSeed,
                                double unknownSpeedShare) {
        return generate(family, base, firstSeed, seeds, carsPerSeed, unknownSpeedShare, SensorTiming.DEFAULT);
    }

    /** The same with another PHYSICS sensor timing (a phone rate, a GPS interval). */
    static FamilyFleet generate(Family family, Path base, long firstSeed, int seeds, int carsPerSeed,
                                double unknownSpeedShare, SensorTiming timing) {
        List<Path> folders = new ArrayList<>();
        List<GroundTruth> truths = new ArrayList<>();
        try {
            for (long seed : LongStream.range(firstSeed, firstSeed + seeds).toArray()) {
                Path out = base.resolve(family.name().toLowerCase() + "-" + seed);
                FleetGenerator.generate(new FleetGenerator.Options(out, carsPerSeed, QualityReport.DURATION_S, seed, 4, family,
                        unknownSpeedShare, family == Family.PHYSICS ? timing : SensorTiming.DEFAULT));
                folders.add(out);
                truths.add(GroundTruth.read(out));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FamilyFleet(family, List.copyOf(folders), GroundTruth.merge(truths));
    }

    /** The detector over every seed, through the whole topology or straight through the detector. */
    DetectorRuns.Result run(BrakingConfig config, boolean topology) {
        List<DetectorRuns.Result> parts = new ArrayList<>();
        try {
            for (Path folder : folders) {
                parts.add(runOne(folder, config, topology));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DetectorRuns.merge(parts);
    }

    /**
     * The same, one task per seed on {@code threads} (each its own driver and state directory), merged in seed order:
     * the figures are those of {@link #run(BrakingConfig, boolean)}.
     */
    List<Future<DetectorRuns.Result>> submit(BrakingConfig config, boolean topology, ExecutorService threads) {
        return folders.stream().map(folder -> threads.submit(() -> runOne(folder, config, topology))).toList();
    }

    /** One seed's run: through the whole topology or straight through the detector. */
    private static DetectorRuns.Result runOne(Path folder, BrakingConfig config, boolean topology) throws IOException {
        return topology ? DetectorRuns.topology(folder, config) : DetectorRuns.direct(folder, config);
    }

    /**
     * The parts {@link #submit} started, merged once all are done. A part's failure is rethrown as itself (an
     * assertion or runtime error from the run), not wrapped in an {@link ExecutionException}.
     */
    static DetectorRuns.Result merge(List<Future<DetectorRuns.Result>> parts) throws Exception {
        List<DetectorRuns.Result> done = new ArrayList<>();
        for (Future<DetectorRuns.Result> part : parts) {
            try {
                done.add(part.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        return DetectorRuns.merge(done);
    }

    String label() {
        if (family == null) {
            return "DATA " + folders.get(0) + " (given with --data: which family made it, if any, is not known here)";
        }
        return family + (family == Family.SCRIPTED ? " (thresholds tuned on this family)"
                : " (written from vehicle physics; the detector was developed against seeds 1042-1045)");
    }
}
