package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * {@link InstanceFaults}: three app instances on a three-node cluster under a live replay; one SIGKILLed three times
 * (once more while it restores), another once. Exactly-once means the verifier finds nothing missing and nothing twice.
 *
 * <p>It lost 100-208 joined pairs in about 1 of 3 runs until the cause was found (the broker deleted window-store
 * changelog records by their 2017 event times; fixed with LogAppendTime changelogs, docs/reliability.md "Faults: the
 * record"). The soak since, {@code exec:java@faults -Dexec.args="--rounds N instances"} (which keeps each failing
 * round's data), is in that page.
 */
@DisabledIfSystemProperty(named = "faults.skip", matches = "true",
        disabledReason = "-Dfaults.skip=true: a quick build without the fault scenarios")
class InstanceFaultsTest {

    @Test
    @Timeout(900) // 314 s on a slow shared machine (docs/reliability.md); as BrokerFaultsTest
    void killedInstancesLoseNothingAndRepeatNothing() throws Exception {
        FaultReport report = InstanceFaults.run(FaultRig.runDir("instance-faults"));

        System.out.println(report);
        assertThat(report.problems()).as(report.toString()).isEmpty();
        assertThat(report.verdict.topics().get(0).expected()).as("joined pairs expected").isGreaterThan(100_000);
        assertThat(report.verdict.topics().get(3).expected()).as("dead letters expected (the bad records sent)").isEqualTo(12);
        assertThat(report.faults).hasSize(5);
        assertThat(report.restarts).hasSize(4);
    }
}
