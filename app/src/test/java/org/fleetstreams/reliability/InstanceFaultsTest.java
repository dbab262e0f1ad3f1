package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@link InstanceFaults}: three app instances on a three-node cluster under a live replay; one SIGKILLed three times
 * (once more while it restores), another once. Exactly-once means the verifier finds nothing missing and nothing twice.
 *
 * <p>In the default build (about 5 minutes; {@code -Dfaults.skip=true} leaves the three fault scenarios out). On
 * Kafka 4.3.1 it lost 100-173 joined pairs of one ride in 2 of 5 runs, cause not found; on 4.4.0 it has passed every
 * run so far (docs/reliability.md, "Faults: the record"). Alone: {@code mvn -B -pl app -am test
 * -Dtest=InstanceFaultsTest -Dsurefire.failIfNoSpecifiedTests=false}, or all scenarios as {@code exec:java@faults}.
 */
@DisabledIfSystemProperty(named = "faults.skip", matches = "true",
        disabledReason = "-Dfaults.skip=true: a quick build without the fault scenarios")
class InstanceFaultsTest {

    @Test
    @Timeout(600)
    void killedInstancesLoseNothingAndRepeatNothing() throws Exception {
        FaultReport report = InstanceFaults.run(FaultRig.runDir("instance-faults"));

        System.out.println(report);
        assertThat(report.verdict.passed()).as(report.toString()).isTrue();
        assertThat(report.verdict.topics().get(0).expected()).as("joined pairs expected").isGreaterThan(100_000);
        assertThat(report.verdict.topics().get(3).expected()).as("dead letters expected (the bad records sent)").isEqualTo(12);
        assertThat(report.faults).hasSize(5);
        assertThat(report.restarts).hasSize(4);
    }
}
