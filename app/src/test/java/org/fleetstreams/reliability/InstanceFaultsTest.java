package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three app instances on a three-node cluster under a live replay, each SIGKILLed once while the group is running
 * and processing: one restarts on its state directory, one on a fresh one and is killed again while it restores,
 * one on its state directory again. Exactly-once means the verifier finds nothing missing and nothing twice.
 */
class InstanceFaultsTest {

    private static final Duration RUNNING = Duration.ofSeconds(120);

    @Test
    @Timeout(600)
    void killedInstancesLoseNothingAndRepeatNothing() throws Exception {
        Path dir = FaultRig.runDir("instance-faults");
        // Configure: a 3-node cluster, both inputs replicated 3 times, 6 partitions for 3 instances.
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(6);

            // Start the replay and three instances; wait until all three run.
            ChildJvm replay = rig.startReplay(2);
            List<ChildJvm> apps = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                apps.add(rig.startApp(n, rig.stateDir("app-" + n)));
            }
            for (ChildJvm app : apps) {
                app.awaitLog("-> RUNNING", RUNNING);
            }
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            // Fault 1: SIGKILL instance 1, restart on the same state directory.
            apps.get(0).kill();
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            app1.awaitLog("-> RUNNING", RUNNING);
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            // Fault 2: SIGKILL instance 2, restart on a fresh state directory, kill it again while it restores.
            apps.get(1).kill();
            ChildJvm restoring = rig.startApp(2, rig.freshStateDir("app-2"));
            restoring.awaitLog("Kafka Streams", RUNNING);
            Thread.sleep(1_500);
            restoring.kill();
            ChildJvm app2 = rig.startApp(2, rig.freshStateDir("app-2"));
            app2.awaitLog("-> RUNNING", RUNNING);
            Thread.sleep(5_000);

            // Fault 3: SIGKILL instance 3, restart on its state directory.
            apps.get(2).kill();
            ChildJvm app3 = rig.startApp(3, rig.stateDir("app-3"));
            app3.awaitLog("-> RUNNING", RUNNING);

            // The replay ends; the closing records close every window.
            assertThat(replay.awaitExit(Duration.ofMinutes(4))).as("replayer exit code").isZero();
            rig.closeAllWindows();

            // Verify: every output against the input, read_committed, after the group committed everything.
            VerifierReport report = rig.verify();
            System.out.println(report);
            assertThat(report.passed()).as(report.toString()).isTrue();
            assertThat(report.topics().get(0).expected()).as("joined pairs expected").isGreaterThan(100_000);
            assertThat(report.topics().get(3).expected()).as("dead letters expected").isEqualTo(12);
        }
    }
}
