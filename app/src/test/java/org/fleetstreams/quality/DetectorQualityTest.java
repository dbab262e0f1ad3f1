package org.fleetstreams.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.fleetstreams.app.TestData;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.generate.Family;
import org.fleetstreams.generate.FleetGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    @BeforeAll
    static void runTheTopologyOverEachFamily() {
        for (Family family : Family.values()) {
            FamilyFleet fleet = FamilyFleet.generate(family, base, FamilyFleet.SEEDS, FamilyFleet.CARS_PER_SEED);
            fleets.put(family, fleet);
            QualityFigures f = QualityReport.figures(fleet.truth(), fleet.run(BrakingConfig.defaults(), true));
            figures.put(family, f);
            System.out.println("== " + fleet.label());
            f.print(System.out);
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
     * The independent family does NOT meet every target yet (detector only: recall 0.928, 3 alerts on mild brakes of
     * 0.23-0.24 g read high through a gravity estimate a few degrees off: issue 11 stays open). It meets the one on
     * brakes before the first fit (0.933, target 0.90). These floors keep what was gained from slipping back: the
     * first detector scored precision 0.846, recall 0.620, 0.500 before the fit on the same fleet, and the one
     * before this change 0.967, 0.889, 0.841.
     */
    @Test
    void theIndependentFamilyKeepsWhatWasGained() {
        QualityFigures f = figures.get(Family.PHYSICS);
        assertThat(f.precision()).as("precision (target 0.95: met)").isGreaterThanOrEqualTo(0.95);
        assertThat(f.recall()).as("recall (target 0.95: not met)").isGreaterThanOrEqualTo(0.92);
        assertThat(f.preFitRecall()).as("recall before the first fit (target 0.90: met)").isGreaterThanOrEqualTo(0.90);
        assertThat(f.falseAlerts()).as("no alert on bumps, potholes or handling")
                .doesNotContainAnyElementsOf(FleetGenerator.NEGATIVES.stream().filter(k -> !k.equals("mild_braking")).toList());
    }

    @Test
    void theForwardAxisIsRecoveredWithin15DegreesForAtLeast90PercentOfCarsOnTheTunedFamily() {
        assertThat(figures.get(Family.SCRIPTED).axisWithin(15)).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void onTheRealDataPullingAwayComesOutForwardWhereverTheAxisWasFitted() {
        var rides = RealDataReport.run(TestData.bdd());
        assertThat(rides).hasSize(35);
        // 26 of 35 rides get a fitted axis (23 before the second pass of issue 11, 27 with the first detector, which
        // missed most brakes on the independent family); every fitted one must pull away forward.
        assertThat(rides).filteredOn(RealDataReport.Ride::fitted).hasSizeGreaterThanOrEqualTo(26)
                .allSatisfy(r -> assertThat(r.pullAways()).as(r.rideId()).allMatch(sign -> sign > 0));
    }
}
