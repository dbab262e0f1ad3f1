package org.fleetstreams.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicSetup;

/**
 * When an exactly-once app is done with its input: its group has committed every input partition's end offset,
 * and no output partition has an open transaction (the last stable offset equals the high watermark). Checked
 * twice, a second apart, so a commit that is still being written does not pass as the end.
 */
public final class Settled {

    private Settled() {
    }

    public static Duration await(String bootstrap, String groupId, Topics topics, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = "";
        int stableChecks = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (System.nanoTime() < deadline) {
                try {
                    last = pending(admin, groupId, topics);
                } catch (ExecutionException | RuntimeException e) {
                    last = "cannot read offsets: " + (e instanceof ExecutionException ? e.getCause() : e);
                }
                stableChecks = last.isEmpty() ? stableChecks + 1 : 0;
                if (stableChecks == 2) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                Thread.sleep(1000);
            }
        }
        throw new AssertionError("the app did not settle within " + timeout + ": " + last);
    }

    /** What is still pending, or "" when nothing is. */
    private static String pending(Admin admin, String groupId, Topics topics) throws ExecutionException, InterruptedException {
        // the inputs: what the group has not committed yet (the project's own lag query, as ClosingRecords uses)
        for (Map.Entry<TopicPartition, Long> lag : new TopicSetup(admin, Duration.ofSeconds(30))
                .groupLags(groupId, topics.inputs()).entrySet()) {
            if (lag.getValue() > 0) {
                return "group " + groupId + " has " + lag.getValue() + " records left on " + lag.getKey();
            }
        }
        Set<TopicPartition> outputs = partitions(admin, topics.outputs());
        Map<TopicPartition, Long> stable = offsets(admin, outputs, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> high = offsets(admin, outputs, IsolationLevel.READ_UNCOMMITTED);
        for (TopicPartition p : outputs) {
            if (!stable.get(p).equals(high.get(p))) {
                return "open transaction on " + p + " (stable " + stable.get(p) + ", high " + high.get(p) + ")";
            }
        }
        return "";
    }

    private static Set<TopicPartition> partitions(Admin admin, List<String> topics)
            throws ExecutionException, InterruptedException {
        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, IsolationLevel level)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(latest, new ListOffsetsOptions(level)).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }
}
