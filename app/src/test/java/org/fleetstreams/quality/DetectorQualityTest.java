package org.fleetstreams.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.app.TestData;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.DaemonThreads;
import org.fleetstreams.generate.Family;
import org.fleetstreams.generate.FleetGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance of the harsh-braking detector against ground truth, per generator family (issue 11). For each family
 * ({@link Family#SCRIPTED}, which the thresholds were tuned on, and {@link Family#PHYSICS}, written independently
 * from vehicle physics): generate 4 seeds x 50 cars (random phone attitudes); run the whole topology over them in a
 * TopologyTestDriver with in-memory stores; score the alerts ({@link QualityFigures}); check the targets on that
 * family alone. {@code QualityReport} prints the same figures and a threshold sweep.
 */
class DetectorQualityTest {

    @TempDir
    static Path base;

    static final Map<Family, FamilyFleet> fleets = new EnumMap<>(Family.class);
    static final Map<Family, QualityFigures> figures = new EnumMap<>(Family.class);

    /** The held-out fleet's figures ({@link #aFleetTheDetectorWasNotDevelopedOnMeetsTheRateTargets}), and its label. */
    static QualityFigures heldOut;
    static String heldOutLabel;

    // The topology over 2 families x 4 seeds x 50 cars took 206-233 s one seed after the other on a shared 2-core
    // machine (docs/harsh-braking.md), too close to the project's default of 5 min (junit-platform.properties), which
    // covers @BeforeAll too. Each seed's run is one thread (a TopologyTestDriver with its own folder and state
    // directory, or, for the held-out fleet, the detector alone), and the suite runs one test class at a time, so the
    // seeds run two at a time while the next fleets are generated, and the figures are merged in seed order as before.
    // The held-out fleet is run here too, so a failure of its run fails the whole class.
    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void runTheTopologyOverEachFamily() throws Exception {
        // daemons: a driver ignores interrupts, and a failed run must not keep the JVM
        ExecutorService threads = Executors.newFixedThreadPool(2, DaemonThreads.named("detector-quality"));
        try {
            Map<Family, List<Future<DetectorRuns.Result>>> runs = new EnumMap<>(Family.class);
            for (Family family : Family.values()) {
                FamilyFleet fleet = FamilyFleet.generate(family, base, FamilyFleet.SEEDS, FamilyFleet.CARS_PER_SEED);
                fleets.put(family, fleet);
                runs.put(family, fleet.submit(BrakingConfig.defaults(), true, threads));
            }
            FamilyFleet held = FamilyFleet.generate(Family.PHYSICS, base, HELD_OUT_SEED, FamilyFleet.SEEDS,
                    FamilyFleet.CARS_PER_SEED, FleetGenerator.UNKNOWN_SPEED_SHARE);
            List<Future<DetectorRuns.Result>> heldOutRun = held.submit(BrakingConfig.defaults(), false, threads);
            for (Family family : Family.values()) {
                QualityFigures f = QualityReport.figures(fleets.get(family).truth(), FamilyFleet.merge(runs.get(family)));
                figures.put(family, f);
                System.out.println("== " + fleets.get(family).label());
                f.print(System.out);
            }
            heldOut = QualityReport.figures(held.truth(), FamilyFleet.merge(heldOutRun));
            heldOutLabel = held.label();
        } finally {
            threads.shutdownNow();
            // before @TempDir deletes the fleets: a run still reading them after a failure would fail the clean-up
            threads.awaitTermination(5, TimeUnit.MINUTES);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void eachFamilyHasEnoughOfEachCase(Family family) {
        GroundTruth truth = fleets.get(family).truth();
        assertThat(truth.events().stream().map(GroundTruth.Event::rideId).distinct().count()).isGreaterThanOrEqualTo(200);
        assertThat(figures.get(family).targets()).as("harsh brakes >= 0.35 g, >= 0.5 s, >= 5 m/s").isGreaterThan(300);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("handling")).hasSizeGreaterThan(100);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("mild_braking")).hasSizeGreaterThan(100);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("bump") || e.kind().equals("pothole")).hasSizeGreaterThan(100);
    }

    @Test
    void theTunedFamilyMeetsTheTargets() {
        QualityFigures f = figures.get(Family.SCRIPTED);
        assertThat(f.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(f.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
        assertThat(f.preFitRecall()).as("recall on " + f.preFitTargets() + " brakes before the first fit")
                .isGreaterThanOrEqualTo(0.90);
        assertThat(f.falseAlerts()).doesNotContainAnyElementsOf(FleetGenerator.NEGATIVES);
    }

    /**
     * The independent family meets every target on the fleet the detector was developed against (seeds 1042-1045: the
     * family was written from vehicle physics, independently of the detector, but every pass below was measured on this
     * fleet; {@link #aFleetTheDetectorWasNotDevelopedOnMeetsTheRateTargets} holds a fresh one): precision, recall,
     * brakes before the first fit, and no alert on bumps, potholes, handling or mild braking. Mild braking was the last
     * to be met: 0.22-0.24 g brakes read 0.30-0.32 g through a gravity estimate that took in part of a long
     * acceleration or a change of grade; the sixth pass measures that error against the GPS over the interval between
     * fixes before the event as well as across it, and only at the GPS lags the speed fits allow. History on the same
     * fleet (mild-brake alerts in brackets): the first detector scored precision 0.846, recall 0.620, 0.500 before the
     * fit; the second pass 0.975, 0.928, 0.933 (3); the third 0.980, 0.961, 0.936 (5); the fourth 0.985, 0.965 (3); the
     * fifth 0.985, 0.967 (3), held here as a ceiling of 3 until the sixth pass reached 0.
     */
    @Test
    void theIndependentFamilyMeetsTheTargets() {
        QualityFigures f = figures.get(Family.PHYSICS);
        assertThat(f.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
        assertThat(f.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(f.preFitRecall()).as("recall on " + f.preFitTargets() + " brakes before the first fit")
                .isGreaterThanOrEqualTo(0.90);
        assertThat(f.falseAlerts()).as("no alert on bumps, potholes, handling or mild braking")
                .doesNotContainAnyElementsOf(FleetGenerator.NEGATIVES);
        assertThat(FleetGenerator.NEGATIVES).contains("mild_braking");
    }

    /**
     * A PHYSICS fleet nobody developed the detector on (seeds 5042-5045, chosen before they were first run, on
     * 2026-12-06; the detector alone, as {@code QualityReport --direct} runs it, to keep the suite's time): the rate
     * targets, precision and recall 0.95 and 0.90 before the first fit. The other target, no alert at all on bumps,
     * potholes, handling or mild braking, is not met on fresh fleets (1 such alert on this one, 0-3 on the others
     * measured), as docs/harsh-braking.md says; the count is printed, not asserted.
     */
    @Test
    void aFleetTheDetectorWasNotDevelopedOnMeetsTheRateTargets() {
        QualityFigures f = heldOut;
        System.out.println("== held out: " + heldOutLabel);
        f.print(System.out);

        assertThat(f.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
        assertThat(f.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(f.preFitRecall()).as("recall on " + f.preFitTargets() + " brakes before the first fit")
                .isGreaterThanOrEqualTo(0.90);
        assertThat(f.targets()).as("harsh brakes >= 0.35 g, >= 0.5 s, >= 5 m/s").isGreaterThan(300);
    }

    /** The first seed of the held-out fleet: not the development fleets' (1042, 42) nor any docs/harsh-braking.md names. */
    private static final long HELD_OUT_SEED = 5_042;

    @Test
    void theForwardAxisIsRecoveredWithin15DegreesForAtLeast90PercentOfCarsOnTheTunedFamily() {
        assertThat(figures.get(Family.SCRIPTED).axisWithin(15)).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void onTheRealDataPullingAwayComesOutForwardWhereverTheAxisWasFitted() {
        var rides = RealDataReport.run(TestData.bdd());
        assertThat(rides).hasSize(35);
        // 27 of 35 rides get a fitted axis (26 before the pull-away watch, 23 before the second pass of issue 11, 27
        // with the first detector, which missed most brakes on the independent family); the target is 26. Every
        // fitted one must pull away forward.
        List<RealDataReport.Ride> fitted = rides.stream().filter(RealDataReport.Ride::fitted).toList();
        assertThat(fitted).hasSizeGreaterThanOrEqualTo(26)
                .allSatisfy(r -> assertThat(r.pullAways()).as(r.rideId()).allMatch(sign -> sign > 0));
        // and the check is not empty: two minutes of city driving hold a pull-away (from a light, out of a turn) in
        // most rides; at least half of the fitted ones have one checked (17 of 27 with this detector)
        assertThat(fitted.stream().filter(r -> !r.pullAways().isEmpty()).count()).as("fitted rides with a pull-away checked")
                .isGreaterThanOrEqualTo(fitted.size() / 2);
    }
}
