package org.fleetstreams.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Broker faults under a live replay with two app instances on a three-node cluster: the leader of an input partition
 * stopped cleanly and started again five times, one broker killed (SIGKILL) and started again, and the joined topic
 * unwritable for 30 s (its min.insync.replicas raised above its replication factor, so every write is refused with
 * NOT_ENOUGH_REPLICAS until it is put back). The app must come through each on its own.
 */
final class BrokerFaults {

    static final Duration UNWRITABLE = Duration.ofSeconds(30);

    private BrokerFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("broker faults under a live replay (3 brokers, RF 3, 2 app instances)");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(4);
            ChildJvm replay = rig.startReplay(1.5);
            ChildJvm app1 = rig.startApp(1, rig.stateDir("app-1"));
            ChildJvm app2 = rig.startApp(2, rig.stateDir("app-2"));
            app1.awaitLog("-> RUNNING", Duration.ofSeconds(120));
            app2.awaitLog("-> RUNNING", Duration.ofSeconds(120));
            rig.injectBadRecords(2);

            for (int i = 1; i <= 5; i++) {
                int leader = rig.cluster.leaderOf(rig.topics.locations(), 0);
                rig.cluster.stop(leader);
                Thread.sleep(2_000);
                Duration back = rig.cluster.start(leader);
                report.fault("clean restart " + i + " of broker " + leader + " (leader of " + rig.topics.locations()
                        + "-0), back in " + back.toMillis() + " ms");
            }
            int victim = rig.cluster.leaderOf(rig.topics.accelerations(), 1);
            rig.cluster.kill(victim);
            Thread.sleep(5_000);
            Duration back = rig.cluster.start(victim);
            report.fault("SIGKILL of broker " + victim + " (leader of " + rig.topics.accelerations() + "-1), back in "
                    + back.toMillis() + " ms");
            rig.injectBadRecords(2);

            unwritable(rig, rig.topics.joined(), UNWRITABLE);
            report.fault(rig.topics.joined() + " unwritable for " + UNWRITABLE.toSeconds() + " s (min.insync.replicas 4)");

            rig.finish(report, replay, Duration.ofMinutes(6));
            if (!app1.alive() || !app2.alive()) {
                throw new AssertionError("an app instance died:\n" + app1.tail() + "\n" + app2.tail());
            }
        }
        return report;
    }

    /** Every write to {@code topic} refused for {@code time}, then allowed again. */
    private static void unwritable(FaultRig rig, String topic, Duration time) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", rig.cluster.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("min.insync.replicas", "4"), AlterConfigOp.OpType.SET)))).all().get();
            Thread.sleep(time.toMillis());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("min.insync.replicas", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        }
    }
}
