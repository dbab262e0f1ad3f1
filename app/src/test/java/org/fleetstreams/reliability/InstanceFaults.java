package org.fleetstreams.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Three app instances on a three-node cluster under a live replay (data/sample at 1x). One instance is SIGKILLed three
 * times, each time while the group runs and processes: restarted on its state directory; then on a fresh one, killed
 * again while it restores and started on that half-restored directory; then on its directory again. A second instance
 * is killed once. Consumer session timeout 10 s ({@code -Dfaults.session.timeout.ms} to change it).
 */
final class InstanceFaults {

    private static final Duration RUNNING = Duration.ofSeconds(120);
    /**
     * Kafka's default before 3.0 (now 45 s): a killed instance's tasks move to the survivors after 10 s, and each of
     * the four restarts waits that long instead of 45 s, which keeps the scenario short enough for every build.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofMillis(Long.getLong("faults.session.timeout.ms", 10_000));

    private InstanceFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("3 app instances, each SIGKILLed under a live replay (3 brokers, RF 3"
                + (FaultRig.STATIC_MEMBERSHIP ? ", static membership)" : ")"));
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(6);
            rig.appSessionTimeout(SESSION_TIMEOUT);
            // 1x: the replay (120 s) outlasts the four kills and their restarts (each 9-30 s to RUNNING); at 2x the
            // last two came after it (a restart then tests a recovery, not a failure under load)
            ChildJvm replay = rig.startReplay(1);
            List<ChildJvm> apps = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                apps.add(rig.startApp(n, rig.stateDir("app-" + n)));
            }
            for (ChildJvm app : apps) {
                app.awaitLog("-> RUNNING", RUNNING);
            }
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            // The same instance, three times, each after the group is running and processing.
            String when = during(rig, replay);
            apps.get(0).kill();
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            report.restarts.add(app1.awaitLog("-> RUNNING", RUNNING));
            report.fault("SIGKILL app-1 (1)" + when + ", restarted on its state directory");
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            when = during(rig, replay);
            app1.kill();
            Path fresh = rig.freshStateDir("app-1");
            ChildJvm restoring = rig.startApp(1, fresh);
            // Its first store restore (StreamsRunner's RestoreReport), not its first line: "Kafka Streams CREATED ->
            // REBALANCING" comes before the group has given it any task, and a kill then restores nothing.
            Duration restoreBegan = restoring.awaitLog("Restoring store", RUNNING);
            restoring.kill();
            if (!hasTaskDirectory(fresh)) {
                throw new AssertionError("killed while restoring, but " + fresh + " holds no task directory");
            }
            report.fault("SIGKILL app-1 (2)" + when + ", restarted on a fresh state directory, SIGKILLed again while restoring ("
                    + restoreBegan.toMillis() + " ms after its start, at its first store restore)");
            app1 = rig.startApp(1, fresh);
            report.restarts.add(app1.awaitLog("-> RUNNING", RUNNING));
            report.fault("app-1 restarted on the half-restored state directory");
            Thread.sleep(5_000);

            when = during(rig, replay);
            app1.kill();
            app1 = rig.startApp(1, fresh);
            report.restarts.add(app1.awaitLog("-> RUNNING", RUNNING));
            report.fault("SIGKILL app-1 (3)" + when + ", restarted on its state directory");

            // And another instance once, so a task moves between survivors too.
            when = during(rig, replay);
            apps.get(1).kill();
            ChildJvm app2 = rig.startApp(2, rig.stateDir("app-2"));
            report.restarts.add(app2.awaitLog("-> RUNNING", RUNNING));
            report.fault("SIGKILL app-2" + when + ", restarted on its state directory");

            rig.finish(report, replay, Duration.ofMinutes(4));
        }
        return report;
    }

    /**
     * Whether the replay still ran at a kill, and how far it had got: a kill after its end tests a restart, not a
     * failure under load (a review found the last kills could come after it).
     */
    private static String during(FaultRig rig, ChildJvm replay) throws Exception {
        return String.format(" (%s, %,d input records)", replay.alive() ? "replay running" : "after the replay",
                rig.inputRecords());
    }

    /** A Kafka Streams task directory ({@code <state dir>/<application id>/<task id>}, e.g. {@code 0_3}) under {@code dir}. */
    private static boolean hasTaskDirectory(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir, 2)) {
            return all.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+"));
        }
    }
}
