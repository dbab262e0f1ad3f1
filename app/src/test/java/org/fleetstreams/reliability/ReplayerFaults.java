package org.fleetstreams.reliability;

import static org.fleetstreams.common.testing.Waits.await;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The replayer SIGKILLed twice during a live replay (data/sample at 2x) and started again with {@code --resume}, two
 * app instances on a three-node cluster. Each kill cuts the replay at a different place in every partition (records
 * in flight are lost); the resumed replayer must publish exactly what is missing, each record once and in order, and
 * the app must give the outputs of an uninterrupted replay.
 */
final class ReplayerFaults {

    static final int PARTITIONS = 4;
    private static final Duration RUNNING = Duration.ofSeconds(120);
    /** The replayer is down this long after a kill: the app takes that as a stopped input and lets what it holds go. */
    private static final Duration DOWN = Duration.ofSeconds(5);

    private ReplayerFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("the replayer SIGKILLed twice under a live replay and resumed (3 brokers,"
                + " RF 3, 2 app instances)");
        report.restartsAre = "replayer start to its resume point (JVM, data set check, reading the inputs, dry walk)";
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(PARTITIONS);
            long replayStart = System.nanoTime();
            ChildJvm replay = rig.startReplay(2);
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            ChildJvm app2 = rig.startApp(2, rig.stateDir("app-2"));
            app1.awaitLog("-> RUNNING", RUNNING);
            app2.awaitLog("-> RUNNING", RUNNING);
            rig.injectBadRecords(2);

            for (int kill = 1; kill <= 2; kill++) {
                long at = awaitInput(rig, replay, kill * FaultRig.SAMPLE_READINGS / 3);
                replay.kill();
                report.fault(String.format("SIGKILL of the replayer with %,d records in the inputs", at));
                Thread.sleep(DOWN.toMillis());
                replay = rig.startReplay(2, true);
                report.restarts.add(replay.awaitLog("Resuming:", RUNNING));
                report.fault("replayer restarted with --resume after " + DOWN.toSeconds() + " s: "
                        + resumeLine(replay.logText()));
                rig.injectBadRecords(2);
            }

            int code = replay.awaitExit(Duration.ofMinutes(4));
            if (code != 0) {
                throw new AssertionError("replayer exited with " + code + ":\n" + replay.tail());
            }
            report.replayTime = Duration.ofNanos(System.nanoTime() - replayStart);
            report.inputRecords = rig.inputRecords();
            report.inputOnce = InputOnce.read(rig.cluster.bootstrapServers(), rig.topics);
            rig.closeAllWindows();
            report.verdict = rig.verify();
            report.maxAppRssMb = rig.maxAppRssMb();
            report.lessDurable = rig.lessDurableTopics();
            if (!app1.alive() || !app2.alive()) {
                throw new AssertionError("an app instance died:\n" + app1.tail() + "\n" + app2.tail());
            }
        }
        return report;
    }

    /** Waits until the inputs hold {@code records} while the replayer runs; returns how many they hold. */
    private static long awaitInput(FaultRig rig, ChildJvm replay, long records) {
        try {
            return await("the inputs to hold " + records + " records").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(100))
                    .failFast("the replayer exited", () -> !replay.alive() && rig.inputRecords() < records)
                    .until(rig::inputRecords, held -> held >= records);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + replay.tail(), e);
        }
    }

    private static String resumeLine(String log) {
        return log.lines().filter(l -> l.startsWith("Resuming:")).findFirst().orElse("?");
    }
}
