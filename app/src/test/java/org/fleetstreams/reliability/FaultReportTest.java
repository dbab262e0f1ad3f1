package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario passes only when its outputs and, where it read them, its inputs are right. */
class FaultReportTest {

    private static final VerifierReport PASSING = new VerifierReport(10, List.of(
            new TopicCheck("joined", 5, 5, 0, 0, 0, List.of())), 0, 0, List.of(), Duration.ZERO);

    @Test
    void passesWithExactOutputsAndEachReadingOnceInOrder() {
        FaultReport report = new FaultReport("s");
        report.verdict = PASSING;
        report.inputOnce = new InputOnce(FaultRig.SAMPLE_READINGS, FaultRig.SAMPLE_READINGS, 0);

        assertThat(report.problems()).isEmpty();
        assertThat(report.passed()).isTrue();
    }

    @Test
    void inputLostOrRepeatedFailsEvenWhenTheOutputsMatchTheInputs() {
        // the verifier derives the expected outputs from what the inputs hold: it passes a replay that lost input
        FaultReport lost = new FaultReport("s");
        lost.verdict = PASSING;
        lost.inputOnce = new InputOnce(FaultRig.SAMPLE_READINGS - 1, FaultRig.SAMPLE_READINGS - 1, 0);
        FaultReport repeated = new FaultReport("s");
        repeated.verdict = PASSING;
        repeated.inputOnce = new InputOnce(FaultRig.SAMPLE_READINGS + 1, FaultRig.SAMPLE_READINGS, 0);

        assertThat(lost.passed()).isFalse();
        assertThat(repeated.problems()).singleElement().asString().startsWith("inputs: ");
        assertThat(repeated.toString()).contains("PROBLEM inputs: ");
    }

    @Test
    void anInstanceThatDiedByItselfFailsEvenWhenTheSurvivorsDidItsWork() {
        FaultReport report = new FaultReport("s");
        report.verdict = PASSING;
        report.inputOnce = new InputOnce(FaultRig.SAMPLE_READINGS, FaultRig.SAMPLE_READINGS, 0);
        report.appsGone = List.of("app-2 (exit code 1)");

        assertThat(report.problems()).singleElement().asString().startsWith("apps: app-2 (exit code 1) exited");
        assertThat(report.passed()).isFalse();
    }

    @Test
    void aTopicWithFewerReplicasFails() {
        FaultReport report = new FaultReport("s");
        report.verdict = PASSING;
        report.lessDurable = List.of("fleet-faults-x-changelog (replicas 1, min.insync.replicas 1)");

        assertThat(report.problems()).singleElement().asString().startsWith("durability: fleet-faults-x-changelog");
    }

    @Test
    void failingOutputsFail() {
        FaultReport report = new FaultReport("s");
        report.verdict = new VerifierReport(10, List.of(new TopicCheck("joined", 5, 4, 1, 0, 0, List.of())), 0, 0,
                List.of(), Duration.ZERO);

        assertThat(report.problems()).singleElement().asString().startsWith("outputs: ");
    }
}
