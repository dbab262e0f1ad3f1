package org.fleetstreams.reliability;

import static org.fleetstreams.common.testing.Waits.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Broker faults under a live replay with two app instances on a three-node cluster: the leader of an input partition
 * stopped cleanly and started again five times, one broker killed (SIGKILL) and started again, and the joined topic
 * unwritable for 30 s (one broker stopped and the topic's min.insync.replicas raised to 3, its replica count, so the
 * two replicas left in sync are too few and every write is refused with NOT_ENOUGH_REPLICAS until it is put back).
 * The app must come through each on its own.
 *
 * <p>Until 2026-12-07 the joined topic's min.insync.replicas was raised to 4 with all three brokers up, which refuses
 * nothing: since Kafka 3.7 (KAFKA-15583) a partition's leader uses the smaller of that setting and its replica count
 * ({@code Partition.effectiveMinIsr}). The step now also checks that the app's writes were refused: its producers log
 * each NOT_ENOUGH_REPLICAS answer.
 */
final class BrokerFaults {

    static final Duration UNWRITABLE = Duration.ofSeconds(30);
    /**
     * Half speed (240 s of replay): the faults take about 150 s after the instances run, and each must come while the
     * app has input to work on. At 1.5x (until 2026-12-07) the replay could end during the leader restarts, and an
     * unwritable output with nothing to write refused nothing.
     */
    static final double REPLAY_SPEED = 0.5;

    private BrokerFaults() {
    }

    static FaultReport run(Path dir) throws Exception {
        FaultReport report = new FaultReport("broker faults under a live replay (3 brokers, RF 3, 2 app instances)");
        try (FaultRig rig = new FaultRig(dir)) {
            rig.createInputs(4);
            ChildJvm replay = rig.startReplay(REPLAY_SPEED);
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
            requireRunning(replay, "the SIGKILL of a broker");
            int victim = rig.cluster.leaderOf(rig.topics.accelerations(), 1);
            rig.cluster.kill(victim);
            Thread.sleep(5_000);
            Duration back = rig.cluster.start(victim);
            report.fault("SIGKILL of broker " + victim + " (leader of " + rig.topics.accelerations() + "-1), back in "
                    + back.toMillis() + " ms");
            rig.injectBadRecords(2);

            requireRunning(replay, "the unwritable joined topic");
            String joined = rig.topics.joined();
            int refusedBefore = refusals(rig, 1, joined) + refusals(rig, 2, joined);
            int down = unwritable(rig, joined, UNWRITABLE);
            requireRunning(replay, "the end of the unwritable joined topic");
            int refused = refusals(rig, 1, joined) + refusals(rig, 2, joined) - refusedBefore;
            if (refused == 0) {
                throw new AssertionError(rig.topics.joined() + " was to be unwritable for " + UNWRITABLE.toSeconds()
                        + " s, but no app instance logged a NOT_ENOUGH_REPLICAS answer");
            }
            report.fault(rig.topics.joined() + " unwritable for " + UNWRITABLE.toSeconds() + " s (broker " + down
                    + " stopped, min.insync.replicas 3): " + refused + " refusals logged by the app's producers");

            rig.finish(report, replay, Duration.ofMinutes(6));
            if (!app1.alive() || !app2.alive()) {
                throw new AssertionError("an app instance died:\n" + app1.tail() + "\n" + app2.tail());
            }
        }
        return report;
    }

    /** A fault after the replay's end tests a recovery with nothing to do, not a failure under load. */
    private static void requireRunning(ChildJvm replay, String fault) {
        if (!replay.alive()) {
            throw new AssertionError("the replay ended before " + fault + ": slow it (REPLAY_SPEED " + REPLAY_SPEED + ")");
        }
    }

    /**
     * Every acks=all write to {@code topic} refused for {@code time}, then allowed again: one broker stopped (its
     * controlled shutdown takes it out of every in-sync set at once) and the topic's min.insync.replicas raised to
     * the replica count; the other topics keep theirs (2) and stay writable. Returns the node stopped.
     */
    private static int unwritable(FaultRig rig, String topic, Duration time) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", rig.cluster.bootstrapServers()))) {
            // the broker killed before may not have caught up yet: with it out of sync too, stopping another would
            // leave one replica in sync and make every topic unwritable, not this one
            awaitAllInSync(admin);
        }
        int down = rig.cluster.leaderOf(topic, 0);
        rig.cluster.stop(down);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", rig.cluster.bootstrapServers()))) {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("min.insync.replicas", String.valueOf(ProcessCluster.NODES)),
                    AlterConfigOp.OpType.SET)))).all().get();
            requireTooFewInSync(admin, topic);
            Thread.sleep(time.toMillis());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry("min.insync.replicas", ""), AlterConfigOp.OpType.DELETE)))).all().get();
        }
        rig.cluster.start(down);
        return down;
    }

    /** Waits until every partition of every topic has all its replicas in sync. */
    private static void awaitAllInSync(Admin admin) {
        await("every partition with all " + ProcessCluster.NODES + " replicas in sync").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> admin.describeTopics(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                        .get()).allTopicNames().get().values().stream().flatMap(t -> t.partitions().stream())
                        .allMatch(p -> p.isr().size() == p.replicas().size()));
    }

    /** Each partition of {@code topic} has fewer replicas in sync than it now requires, else the step tests nothing. */
    private static void requireTooFewInSync(Admin admin, String topic) {
        await("every partition of " + topic + " with fewer than " + ProcessCluster.NODES + " replicas in sync")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .stream().allMatch(p -> p.isr().size() < ProcessCluster.NODES));
    }

    /**
     * The produce answers NOT_ENOUGH_REPLICAS for {@code topic} app instance {@code n}'s producers logged (Kafka's
     * Sender, WARN: "... on topic-partition faults-joined-2, retrying ... Error: NOT_ENOUGH_REPLICAS"). Only that
     * topic's: a changelog still short of replicas after the earlier broker faults is refused too.
     */
    private static int refusals(FaultRig rig, int n, String topic) throws IOException {
        Pattern refusal = Pattern.compile("topic-partition " + Pattern.quote(topic) + "-\\d+\\b.*Error: NOT_ENOUGH_REPLICAS\\b");
        Path log = rig.appKafkaLog(n);
        if (!Files.exists(log)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return (int) lines.filter(l -> refusal.matcher(l).find()).count();
        }
    }
}
