package org.fleetstreams.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Three app instances on a three-node cluster under a live replay (data/sample at half speed). One instance is
 * SIGKILLed three times, each time while it holds tasks and the replay runs: restarted on its state directory; then on
 * a fresh one, killed again while it restores and started on that half-restored directory; then on its directory
 * again. A second instance is killed once. Consumer session timeout 10 s ({@code -Dfaults.session.timeout.ms} to
 * change it).
 *
 * <p>Each kill waits until its victim is RUNNING with active tasks, and fails the scenario when the replay has ended:
 * a review found that "-> RUNNING" alone matched a restarted instance's first RUNNING, which comes with no task
 * while its killed predecessor is still in the group, so two of the kills hit an instance that was restoring, and the
 * last came after the replay.
 */
final class InstanceFaults {

    private static final Duration RUNNING = Duration.ofSeconds(120);
    /**
     * Kafka's default before 3.0 (now 45 s): a killed instance's tasks move to the survivors after 10 s, and each of
     * the four restarts waits that long instead of 45 s, which keeps the scenario short enough for every build.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofMillis(Long.getLong("faults.session.timeout.ms", 10_000));
    /**
     * The replay's speed: at half speed (240 s) it outlasts the five kills, each restart waiting for tasks (9-30 s
     * to RUNNING, then the rebalance that gives it tasks); at 1x the last kill came after it.
     */
    static final double REPLAY_SPEED = 0.5;
    /** A state change and the tasks StreamsRunner prints with each RUNNING: "Active tasks: [0_1, 0_4]". */
    private static final Pattern STATE = Pattern.compile("Kafka Streams \\S+ -> (\\S+)|Active tasks: \\[([^\\]]*)\\]");

    private InstanceFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("3 app instances, each SIGKILLed under a live replay (3 brokers, RF 3"
                + (FaultRig.STATIC_MEMBERSHIP ? ", static membership)" : ")"));
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(6);
            rig.appSessionTimeout(SESSION_TIMEOUT);
            ChildJvm replay = rig.startReplay(REPLAY_SPEED);
            List<ChildJvm> apps = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                apps.add(rig.startApp(n, rig.stateDir("app-" + n)));
            }
            for (ChildJvm app : apps) {
                awaitTasks(app);
            }
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            // The same instance, three times, each while it holds tasks and processes.
            String when = beforeKill(rig, replay, apps.get(0));
            apps.get(0).kill();
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            report.restarts.add(awaitTasks(app1));
            report.fault("SIGKILL app-1 (1)" + when + ", restarted on its state directory");
            rig.injectBadRecords(3);
            Thread.sleep(5_000);

            when = beforeKill(rig, replay, app1);
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
            report.restarts.add(awaitTasks(app1));
            report.fault("app-1 restarted on the half-restored state directory");
            Thread.sleep(5_000);

            when = beforeKill(rig, replay, app1);
            app1.kill();
            app1 = rig.startApp(1, fresh);
            report.restarts.add(awaitTasks(app1));
            report.fault("SIGKILL app-1 (3)" + when + ", restarted on its state directory");

            // And another instance once, so a task moves between survivors too.
            when = beforeKill(rig, replay, apps.get(1));
            apps.get(1).kill();
            ChildJvm app2 = rig.startApp(2, rig.stateDir("app-2"));
            report.restarts.add(awaitTasks(app2));
            report.fault("SIGKILL app-2" + when + ", restarted on its state directory");

            rig.finish(report, replay, Duration.ofMinutes(6));
        }
        return report;
    }

    /** Waits until {@code app} is RUNNING with at least one active task; returns how long after its start. */
    private static Duration awaitTasks(ChildJvm app) {
        return app.awaitLog("be RUNNING with active tasks", RUNNING, InstanceFaults::holdsTasks);
    }

    /**
     * Whether a console log's last state change is to RUNNING and the tasks printed with it are not empty. The first
     * RUNNING of a restarted instance has none: its killed predecessor is still a member until its session times out.
     */
    static boolean holdsTasks(String log) {
        String state = null;
        String tasks = null;
        Matcher m = STATE.matcher(log);
        while (m.find()) {
            if (m.group(1) != null) {
                state = m.group(1);
                tasks = null;
            } else {
                tasks = m.group(2);
            }
        }
        return "RUNNING".equals(state) && tasks != null && !tasks.isBlank();
    }

    /**
     * Fails unless the replay still runs and {@code victim} holds tasks: a kill after the replay's end tests a restart,
     * not a failure under load, and one of a task-less instance tests nothing. Returns how far the replay had got.
     */
    private static String beforeKill(FaultRig rig, ChildJvm replay, ChildJvm victim) throws Exception {
        awaitTasks(victim);
        if (!replay.alive()) {
            throw new AssertionError("the replay ended before the kill of " + victim + " (" + rig.inputRecords()
                    + " input records): the kills must come while it runs; slow it (REPLAY_SPEED " + REPLAY_SPEED + ")");
        }
        return String.format(" (replay running, %,d input records)", rig.inputRecords());
    }

    /** A Kafka Streams task directory ({@code <state dir>/<application id>/<task id>}, e.g. {@code 0_3}) under {@code dir}. */
    private static boolean hasTaskDirectory(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir, 2)) {
            return all.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+"));
        }
    }
}
