package org.fleetstreams.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three app instances on a three-node cluster under a live replay (data/sample at 2x), each SIGKILLed once while the
 * group runs and processes: instance 1 restarts on its state directory; instance 2 on a fresh one and is killed again
 * while it restores, then starts on another fresh one; instance 3 on its state directory.
 */
final class InstanceFaults {

    private static final Duration RUNNING = Duration.ofSeconds(120);

    private InstanceFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("3 app instances, each SIGKILLed under a live replay (3 brokers, RF 3)");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(6);
            long replayStart = System.nanoTime();
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

            apps.get(0).kill();
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            report.restarts.add(app1.awaitLog("-> RUNNING", RUNNING));
            report.fault("SIGKILL app-1, restarted on its state directory");
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            apps.get(1).kill();
            ChildJvm restoring = rig.startApp(2, rig.freshStateDir("app-2"));
            restoring.awaitLog("Kafka Streams", RUNNING);
            Thread.sleep(1_500);
            restoring.kill();
            report.fault("SIGKILL app-2, restarted on a fresh state directory, SIGKILLed again while restoring");
            ChildJvm app2 = rig.startApp(2, rig.freshStateDir("app-2"));
            report.restarts.add(app2.awaitLog("-> RUNNING", RUNNING));
            report.fault("app-2 started on another fresh state directory");
            Thread.sleep(5_000);

            apps.get(2).kill();
            ChildJvm app3 = rig.startApp(3, rig.stateDir("app-3"));
            report.restarts.add(app3.awaitLog("-> RUNNING", RUNNING));
            report.fault("SIGKILL app-3, restarted on its state directory");

            int code = replay.awaitExit(Duration.ofMinutes(4));
            if (code != 0) {
                throw new AssertionError("replayer exited with " + code + ":\n" + replay.tail());
            }
            report.replayTime = Duration.ofNanos(System.nanoTime() - replayStart);
            report.inputRecords = rig.inputRecords();
            rig.closeAllWindows();
            report.verdict = rig.verify();
            report.maxAppRssMb = rig.maxAppRssMb();
        }
        return report;
    }
}
