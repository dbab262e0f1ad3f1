package org.fleetstreams.sparkcheck;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a consumer group (the app's application id) has committed the end of every partition of the given
 * topics, and prints how long that took from this command's start ({@code run.sh} starts it together with the app, so
 * that figure includes the app's own start, as Spark's whole-process figure does) and from the group's first commit
 * (about a second after the app began to process: it commits every second while it catches up). It polls every 100
 * ms, and the app's last commit can come up to a second after its last record: both count against the app. The
 * replayer's producers are idempotent, not transactional, so an input's end offset is its last record's plus one,
 * which a committed offset reaches exactly; with transactional inputs the commit markers would count too.
 *
 * <p>Run by {@code docs/spark-check/run.sh}, with the arguments {@code BOOTSTRAP GROUP TIMEOUT_S TOPIC...}. Exits 1
 * when the group has not got there within the timeout.
 */
public final class GroupCatchUp {

    private GroupCatchUp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: GroupCatchUp BOOTSTRAP GROUP TIMEOUT_S TOPIC...");
            System.exit(2);
        }
        long start = System.nanoTime();
        String group = args[1];
        long deadline = start + Long.parseLong(args[2]) * 1_000_000_000L;
        List<String> topics = List.of(args).subList(3, args.length);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p ->
                            ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(ends).all().get().forEach((partition, info) -> end.put(partition, info.offset()));
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long firstCommit = 0;
            long firstDone = 0;
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long done = end.keySet().stream()
                        .mapToLong(p -> committed.get(p) == null ? 0 : committed.get(p).offset()).sum();
                boolean caughtUp = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
                long now = System.nanoTime();
                if (done > 0 && firstCommit == 0) {
                    firstCommit = now;
                    firstDone = done;
                }
                if (caughtUp) {
                    double seconds = (now - start) / 1e9;
                    double sinceFirst = Math.max(1e-3, (now - firstCommit) / 1e9);
                    System.out.printf("app: committed all %,d input records %.1f s after its start = %,.0f input"
                                    + " records/s; the %,d after its first commit in %.1f s = %,.0f input records/s%n",
                            total, seconds, total / seconds, total - firstDone, sinceFirst,
                            (total - firstDone) / sinceFirst);
                    return;
                }
                Thread.sleep(100);
            }
            System.out.printf("app: group %s had not committed the end of %s within %s s%n", group, topics, args[2]);
            System.exit(1);
        }
    }
}
