package org.fleetstreams.time;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.common.admin.KafkaConnection;
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
 * at a partition has been answered for {@value #STALE_MS} ms, the last one vouches for nothing. Before, the last good
 * look stayed true however old, and a partition whose leader had died counted as read to its end once its input had
 * been silent for the idle time.
 *
 * <p>Each partition is answered on its own: one look for all failed whole when any partition failed, so a single
 * partition without a leader (a broker down, its replicas too) stopped the idle and stop rules of every task of the
 * instance, not only of the task that reads it. A partition whose answer is still outstanding is not asked again
 * until it comes (or fails), so one that hangs costs one request at a time, and the others are asked every poll.
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

    /** A progress of its own over {@code admin}, closed with it: for a test whose admin client answers as it needs. */
    static InputProgress over(Admin admin, String applicationId, List<String> inputTopics) {
        Watcher w = new Watcher(applicationId + "/own", Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId),
                inputTopics, admin);
        w.users = 1;
        return new BrokerInputProgress(w);
    }

    /**
     * The watcher's admin client settings from the app's ({@code appConfigs} of a task): read as the app's start-up
     * admin client reads them ({@link KafkaConnection#adminConfig}), so an {@code admin.} setting wins over the plain
     * one and a config provider keeps its class and parameters; then the watcher's own client id and its 5 s
     * timeouts, over any the config gives (a look that hangs longer is stale anyway). Before, the prefix was stripped
     * while walking the map, so whichever of {@code admin.X} and {@code X} came later won (a {@code HashMap}'s order),
     * and {@code config.providers.NAME.class}, no admin client setting, was dropped. A key without a value is left
     * out, as before: Kafka Streams hands its tasks its settings' defaults too, some of them null.
     */
    static Map<String, Object> adminConfig(Map<String, ?> appConfigs, String groupId) {
        Map<String, Object> given = new HashMap<>();
        appConfigs.forEach((k, v) -> {
            if (v != null) {
                given.put(k, v);
            }
        });
        Map<String, Object> conf = KafkaConnection.adminConfig(given);
        conf.put(AdminClientConfig.CLIENT_ID_CONFIG, groupId + "-input-progress");
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return conf;
    }

    @Override
    public long lookedAt(String topic, int partition) {
        Watcher.Look look = watcher.looks.get(new TopicPartition(topic, partition));
        return look == null ? Long.MIN_VALUE : look.startedWallMs;
    }

    @Override
    public boolean caughtUp(String topic, int partition, long nextOffset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Watcher.Look look = watcher.looks.get(tp);
        if (look == null) {
            if (!watcher.knows(tp)) {
                watcher.describeAgain = true; // a partition added since the watcher listed them
            }
            return false;
        }
        if (stale(look.finishedNanos, System.nanoTime())) {
            return false;
        }
        // The committed offset counts too: offsets that never reach the merge (a transactional producer's commit marker,
        // a record Kafka Streams' own deserialization handler dead-lettered) move the task's position past the last
        // reading it saw, and a commit follows within the commit interval (1 s exactly-once, 30 s at-least-once).
        // So does the log's start: a partition whose records were all deleted (retention, kafka-delete-records) is
        // at its end with nothing to read, and a group that never read it has nothing committed there.
        long next = Math.max(Math.max(nextOffset, watcher.committed.getOrDefault(tp, 0L)), look.start);
        return next >= look.end;
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

    /** The polling thread and, per partition, its last answered look. */
    private static final class Watcher implements Runnable {
        /** A partition's end (read_committed) and start offsets, asked at {@code startedWallMs}, answered then. */
        record Look(long startedWallMs, long finishedNanos, long end, long start) {
        }

        final String key;
        private final Admin admin;
        private final String groupId;
        private final List<String> topics;
        private final Thread thread;
        final Map<TopicPartition, Look> looks = new ConcurrentHashMap<>();
        /** The group's committed offsets at the last answer (they only grow: an older answer is a lower bound). */
        volatile Map<TopicPartition, Long> committed = Map.of();
        volatile boolean describeAgain;
        int users;
        private volatile boolean running = true;
        private volatile boolean warned;
        private volatile Map<TopicPartition, OffsetSpec> latest = Map.of();
        /** Partitions asked and not answered yet (nor failed): not asked again meanwhile. */
        private final Set<TopicPartition> outstanding = ConcurrentHashMap.newKeySet();
        private volatile boolean committedOutstanding;

        Watcher(String key, Map<String, Object> appConfigs, List<String> topics) {
            this(key, appConfigs, topics, null);
        }

        /** @param admin the admin client to ask (null: one made from {@code appConfigs}) */
        Watcher(String key, Map<String, Object> appConfigs, List<String> topics, Admin admin) {
            this.key = key;
            this.topics = topics;
            this.groupId = String.valueOf(appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG));
            this.admin = admin != null ? admin : Admin.create(adminConfig(appConfigs, groupId));
            this.thread = new Thread(this, groupId + "-input-progress");
            thread.setDaemon(true);
            thread.start();
        }

        boolean knows(TopicPartition tp) {
            return latest.containsKey(tp);
        }

        @Override
        public void run() {
            while (running) {
                long started = System.currentTimeMillis();
                try {
                    ask(started);
                } catch (Exception e) {
                    failed(e);
                }
                try {
                    Thread.sleep(Math.max(10, POLL_MS - (System.currentTimeMillis() - started)));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void failed(Throwable e) {
            if (!warned && running) {
                warned = true;
                LOG.warn("cannot look up the inputs' end offsets ({}); until it works, held records wait for"
                        + " the other input instead of passing over a silent one", e.toString());
            }
        }

        /** Asks for every partition not outstanding; each answer is filed as it comes, not waited for here. */
        private void ask(long started) throws Exception {
            if (latest.isEmpty() || describeAgain) {
                describeAgain = false;
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().forEach(d -> d.partitions()
                        .forEach(p -> partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
                latest = partitions;
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
            for (TopicPartition tp : latest.keySet()) {
                if (outstanding.add(tp)) {
                    ends.put(tp, OffsetSpec.latest());
                    starts.put(tp, OffsetSpec.earliest());
                }
            }
            if (!ends.isEmpty()) {
                ListOffsetsResult endAnswers = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED));
                ListOffsetsResult startAnswers = admin.listOffsets(starts);
                for (TopicPartition tp : ends.keySet()) {
                    KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo> end = endAnswers.partitionResult(tp);
                    KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo> start = startAnswers.partitionResult(tp);
                    KafkaFuture.allOf(end, start).whenComplete((done, error) -> {
                        try {
                            if (error == null) {
                                looks.put(tp, new Look(started, System.nanoTime(), end.get().offset(), start.get().offset()));
                            } else {
                                failed(error);
                            }
                        } catch (Exception e) {
                            failed(e);
                        } finally {
                            outstanding.remove(tp);
                        }
                    });
                }
            }
            if (!committedOutstanding) {
                committedOutstanding = true;
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().whenComplete((offsets, error) -> {
                    if (error == null) {
                        Map<TopicPartition, Long> read = new HashMap<>();
                        offsets.forEach((tp, o) -> {
                            if (o != null) {
                                read.put(tp, o.offset());
                            }
                        });
                        committed = read;
                    } else {
                        failed(error);
                    }
                    committedOutstanding = false;
                });
            }
        }

        void stop() {
            running = false;
            thread.interrupt();
            admin.close(Duration.ofSeconds(2));
        }
    }
}
