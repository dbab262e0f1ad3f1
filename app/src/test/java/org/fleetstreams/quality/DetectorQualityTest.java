package org.fleetstreams.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.generate.FleetGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the harsh-braking detector against ground truth. Steps: generate 200 cars (random phone
 * orientations, seed {@value QualityReport#SEED}); run the whole topology over them in a TopologyTestDriver; score
 * the alerts ({@link QualityFigures}); check the targets. {@code QualityReport} prints the same figures and a
 * threshold sweep.
 */
class DetectorQualityTest {

    @TempDir
    static Path fleet;

    static GroundTruth truth;
    static QualityFigures figures;

    @BeforeAll
    static void runTheTopologyOverAGeneratedFleet() throws IOException {
        FleetGenerator.generate(new FleetGenerator.Options(fleet, 200, QualityReport.DURATION_S, QualityReport.SEED, 4));
        truth = GroundTruth.read(fleet);
        figures = QualityFigures.evaluate(truth, DetectorRuns.topology(fleet, BrakingConfig.defaults()), TopologyFixture.EPOCH);
        figures.print(System.out);
    }

    @Test
    void theFleetHasEnoughOfEachCase() {
        assertThat(figures.targets()).as("harsh brakes >= 0.35 g, >= 0.5 s, >= 5 m/s").isGreaterThan(300);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("handling")).hasSizeGreaterThan(100);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("bump")).hasSizeGreaterThan(100);
        assertThat(truth.events()).filteredOn(e -> e.kind().equals("mild_braking")).hasSizeGreaterThan(100);
    }

    @Test
    void precisionAndRecallAreAtLeast95PercentAcrossRandomOrientations() {
        assertThat(figures.recall()).as("recall").isGreaterThanOrEqualTo(0.95);
        assertThat(figures.precision()).as("precision").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void noAlertComesFromBumpsHandlingOrMildBraking() {
        assertThat(figures.falseAlerts()).doesNotContain("bump", "handling", "mild_braking");
    }

    @Test
    void theForwardAxisIsRecoveredWithin15DegreesForAtLeast90PercentOfCars() {
        long within = figures.axisErrorsDeg().stream().filter(e -> e <= 15).count();
        assertThat(within / (double) figures.axisErrorsDeg().size()).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void onTheRealDataPullingAwayComesOutForwardWhereverTheAxisWasFitted() {
        var rides = RealDataReport.run(TestData.bdd());
        assertThat(rides).hasSize(35);
        assertThat(rides).filteredOn(RealDataReport.Ride::fitted).hasSizeGreaterThanOrEqualTo(25)
                .allSatisfy(r -> assertThat(r.pullAways()).as(r.rideId()).allMatch(sign -> sign > 0));
    }
}
