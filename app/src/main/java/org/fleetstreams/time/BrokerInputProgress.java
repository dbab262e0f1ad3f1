package org.fleetstreams.time;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs' end offsets (read_committed), their start offsets and the group's committed offsets, looked up every
 * {@value #POLL_MS} ms by one daemon thread per app instance, shared by its tasks and closed with the last of them.
 *
 * <p>The cost is three admin requests per poll per instance. When the lookups fail (the cluster unreachable, an ACL
 * missing) no input counts as read to its end: held records then wait for the other input instead of being passed
 * over, which keeps results exact and stalls only while the cluster cannot be asked. That includes lookups that hang
 * or fail after earlier ones worked (a partition without a leader, which the admin client waits for): once no look
 * has finished for {@value #STALE_MS} ms, the last one vouches for nothing. Before, the last good look stayed true
 * however old, and a partition whose leader had died counted as read to its end once its input had been silent for
 * the idle time.
 */
final class BrokerInputProgress implements InputProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerInputProgress.class);
    static final long POLL_MS = 200;
    /** With no look finished for this long, none vouches for anything: the lookups hang or fail (ten polls). */
    static final long STALE_MS = 10 * POLL_MS;
    private static final Map<String, Watcher> WATCHERS = new HashMap<>();

    private final Watcher watcher;
    private boolean closed;

    private BrokerInputProgress(Watcher watcher) {
        this.watcher = watcher;
    }

    static InputProgress acquire(Map<String, Object> appConfigs, List<String> inputTopics) {
        String key = appConfigs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) + "/" + appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        synchronized (WATCHERS) {
            Watcher w = WATCHERS.computeIfAbsent(key, k -> new Watcher(k, appConfigs, inputTopics));
            w.users++;
            return new BrokerInputProgress(w);
        }
    }

    @Override
    public long lookedAt() {
        Watcher.Look look = watcher.last;
        return look == null ? Long.MIN_VALUE : look.startedWallMs;
    }

    @Override
    public boolean caughtUp(String topic, int partition, long nextOffset) {
        Watcher.Look look = watcher.last;
        if (look == null || stale(look.finishedNanos, System.nanoTime())) {
            return false;
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        Long end = look.ends.get(tp);
        if (end == null) {
            watcher.describeAgain = true; // a partition added since the watcher listed them
            return false;
        }
        // The committed offset counts too: offsets that never reach the merge (a transactional producer's commit marker,
        // a record Kafka Streams' own deserialization handler dead-lettered) move the task's position past the last
        // reading it saw, and a commit follows within the commit interval (1 s exactly-once, 30 s at-least-once).
        // So does the log's start: a partition whose records were all deleted (retention, kafka-delete-records) is
        // at its end with nothing to read, and a group that never read it has nothing committed there.
        long next = Math.max(Math.max(nextOffset, look.committed.getOrDefault(tp, 0L)), look.starts.getOrDefault(tp, 0L));
        return next >= end;
    }

    /**
     * Whether a look that finished at {@code finishedNanos} is too old to vouch for anything at {@code nowNanos}: no
     * look has finished since for {@value #STALE_MS} ms (the lookups hang or fail). From its end, not its start: a
     * slow look (a loaded machine) is still a good one, and one that took longer than this would otherwise never count.
     */
    static boolean stale(long finishedNanos, long nowNanos) {
        return nowNanos - finishedNanos > STALE_MS * 1_000_000L;
    }

    @Override
    public void close() {
        synchronized (WATCHERS) {
            if (closed) {
                return;
            }
            closed = true;
            if (--watcher.users == 0) {
                WATCHERS.remove(watcher.key);
                watcher.stop();
            }
        }
    }

    /** The polling thread and its last complete look. */
    private static final class Watcher implements Runnable {
        record Look(long startedWallMs, long finishedNanos, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed,
                    Map<TopicPartition, Long> starts) {
        }

        final String key;
        private final Admin admin;
        private final String groupId;
        private final List<String> topics;
        private final Thread thread;
        volatile Look last;
        volatile boolean describeAgain;
        int users;
        private volatile boolean running = true;
        private boolean warned;

        Watcher(String key, Map<String, Object> appConfigs, List<String> topics) {
            this.key = key;
            this.topics = topics;
            this.groupId = String.valueOf(appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG));
            Properties conf = new Properties();
            for (Map.Entry<String, Object> e : appConfigs.entrySet()) {
                String k = e.getKey().startsWith("admin.") ? e.getKey().substring(6) : e.getKey();
                if (AdminClientConfig.configNames().contains(k) && e.getValue() != null) {
                    conf.put(k, e.getValue());
                }
            }
            conf.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-input-progress");
            conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
            conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            this.admin = Admin.create(conf);
            this.thread = new Thread(this, groupId + "-input-progress");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            while (running) {
                long started = System.currentTimeMillis();
                try {
                    last = look(started);
                } catch (Exception e) {
                    if (!warned && running) {
                        warned = true;
                        LOG.warn("cannot look up the inputs' end offsets ({}); until it works, held records wait for"
                                + " the other input instead of passing over a silent one", e.toString());
                    }
                }
                try {
                    Thread.sleep(Math.max(10, POLL_MS - (System.currentTimeMillis() - started)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private Map<TopicPartition, OffsetSpec> latest;

        private Map<TopicPartition, OffsetSpec> earliest;

        private Look look(long started) throws Exception {
            if (latest == null || describeAgain) {
                describeAgain = false;
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().forEach(d -> d.partitions()
                        .forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                latest = partitions;
                earliest = new HashMap<>();
                partitions.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            }
            Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(5, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            Map<TopicPartition, Long> starts = new HashMap<>();
            admin.listOffsets(earliest).all().get(5, TimeUnit.SECONDS).forEach((tp, info) -> starts.put(tp, info.offset()));
            Map<TopicPartition, Long> committed = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp, o.offset());
                }
            });
            return new Look(started, System.nanoTime(), ends, committed, starts);
        }

        void stop() {
            running = false;
            thread.interrupt();
            admin.close(Duration.ofSeconds(2));
        }
    }
}
