package org.fleetstreams.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicSettings;
import org.fleetstreams.time.TimePolicy;

/**
 * Everything the app needs, in named parts: where it runs (bootstrap servers, topics, application id, state dir,
 * threads, processing guarantee), its {@link TimePolicy}, its {@link BrakingConfig}, and Kafka Streams overrides
 * (from {@code --config FILE}). Defaults are stated once, in {@link #defaults}; every change is a {@code with...}
 * call. One factory, {@link #streamsProperties()}, serves main and tests.
 */
public record AppConfig(String bootstrapServers, Topics topics, String applicationId, Path stateDir, int threads,
                        String processingGuarantee, TimePolicy time, BrakingConfig braking,
                        Map<String, String> overrides) {

    public AppConfig {
        ProjectSettings.check(overrides);
        // The overrides win in streamsProperties(); where they name the application id, the servers or the state
        // directory, the fields say the same, so that the ACL check, the topics' setup, the lag readers and the
        // metadata service use what Kafka Streams uses (an application.id in --config was checked under the old one),
        // and the settings that follow from the guarantee (commit interval, transactional stores) follow the final one.
        // So a with... method does not change what the overrides name.
        applicationId = overrides.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        bootstrapServers = overrides.getOrDefault(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        String dir = overrides.get(StreamsConfig.STATE_DIR_CONFIG);
        stateDir = dir != null ? Path.of(dir) : stateDir;
        processingGuarantee = overrides.getOrDefault(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
    }

    /**
     * Kafka Streams' {@code commit.interval.ms}: 1 s (its exactly-once default is 100 ms). That is the pace of a
     * catch-up; a live task also asks for a commit every 100 ms ({@code time.LiveCommits}), and an alert at once.
     */
    public static final int COMMIT_INTERVAL_MS = 1_000;

    /** The producers' {@code batch.size}: 128 KB (Kafka's default is 16 KB). */
    public static final int BATCH_SIZE_BYTES = 128 * 1024;

    /** The producers' {@code retry.backoff.ms}: 10 ms (Kafka's default is 100 ms). */
    public static final int PRODUCER_RETRY_BACKOFF_MS = 10;

    /** The restore consumer's {@code fetch.max.wait.ms}: 100 ms (Kafka's default is 500 ms). */
    public static final int RESTORE_FETCH_MAX_WAIT_MS = 100;

    /** Stream threads unless {@code --threads} says otherwise. */
    public static final int DEFAULT_THREADS = 1;
    /** Kafka Streams' processing.guarantee unless {@code --processing-guarantee} says otherwise. */
    public static final String DEFAULT_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;

    /** The course's parameters (see {@link TimePolicy#defaults()}), exactly-once, one thread. */
    public static AppConfig defaults(String bootstrapServers, Topics topics) {
        return new AppConfig(bootstrapServers, topics, topics.defaultApplicationId(), defaultStateDir(),
                DEFAULT_THREADS, DEFAULT_GUARANTEE, TimePolicy.defaults(), BrakingConfig.defaults(), Map.of());
    }

    /**
     * {@code <tmp>/fleetstreams-state-<user>}: one per user, as on a course's shared machine, where a fixed name in
     * the shared temporary directory would be the first student's, which the next one cannot write (or could read).
     */
    static Path defaultStateDir() {
        String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(System.getProperty("java.io.tmpdir"), "fleetstreams-state" + (user.isEmpty() ? "" : "-" + user));
    }

    public AppConfig withApplicationId(String id) {
        return new AppConfig(bootstrapServers, topics, id, stateDir, threads, processingGuarantee, time, braking, overrides);
    }

    public AppConfig withStateDir(Path dir) {
        return new AppConfig(bootstrapServers, topics, applicationId, dir, threads, processingGuarantee, time, braking, overrides);
    }

    public AppConfig withThreads(int n) {
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, n, processingGuarantee, time, braking, overrides);
    }

    public AppConfig withProcessingGuarantee(String guarantee) {
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, guarantee, time, braking, overrides);
    }

    public AppConfig withTime(TimePolicy policy) {
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, processingGuarantee, policy, braking, overrides);
    }

    public AppConfig withBraking(BrakingConfig config) {
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, processingGuarantee, time, config, overrides);
    }

    /** These Kafka Streams settings on top of the ones already given (later wins). */
    public AppConfig withOverrides(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(overrides);
        all.putAll(more);
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, processingGuarantee, time, braking,
                Map.copyOf(all));
    }

    /** Whether the app runs exactly-once, as the settings finally say (an override of the guarantee included). */
    public boolean exactlyOnce() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(
                String.valueOf(streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    /** Kafka Streams settings: ours first, then {@link #overrides()} win. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Known bad input and late records are dead-lettered by the topology itself (ingest, deadletter). Anything
        // unexpected still must not kill the stream thread or vanish: Kafka Streams' own handlers (KIP-1034) log it
        // and write the source record to the same dead-letter topic.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        // The topology has no global store; the same handler for one if it ever gets one (and no warning at start).
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, time.maxTaskIdle().toMillis());
        // Commits once a second in a catch-up, every 100 ms when live (time.LiveCommits asks): each commit flushes
        // every task's changed state, and at 10 a second that was 30 % of the stream thread's time in a catch-up.
        // +31 % input records/s at fleet 150 (docs/benchmarks.md, "Session of 2026-12-01, fourth"); live results come as
        // often as before.
        // At-least-once keeps Kafka Streams' 30 s: its results are visible before any commit.
        if (StreamsConfig.EXACTLY_ONCE_V2.equals(processingGuarantee)) {
            p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
            // Transactional state stores (KIP-892): a store keeps uncommitted writes out of its files, so a store
            // without a committed offset no longer marks its task corrupted. That is what lost 1,094 joined pairs in
            // the instance-fault scenario: a corrupted task coming back during a rebalance made Kafka Streams 4.4.0
            // abort the thread's transaction while a healthy task's work was in it, and not revive that task
            // (docs/reliability.md). With it: no corrupted task in a stream thread in that scenario (27 log lines
            // before), 10 of 10 runs pass; catch-up races -1.4, -7.6, +2.3 %, no live price beyond the noise
            // (docs/benchmarks.md).
            p.put(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG, true);
            // Interactive queries (the REST API, the dashboard, the rides gauges) then read what was committed, as a
            // read_committed consumer of the outputs does; Kafka's default, READ_UNCOMMITTED, also shows the writes in
            // a store's transaction buffer, which an aborted transaction takes back. Up to one commit older (100 ms live).
            p.put(StreamsConfig.DEFAULT_INTERACTIVE_QUERY_ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.name());
        }
        // Records are stamped with event time, which a replay faster than real time, a loop or a future epoch puts
        // hours ahead of the wall clock; since Kafka 4.0 a topic refuses a record more than an hour ahead unless it
        // says otherwise, and a refused changelog write stopped the app at its first commit, and at every restart
        // (AppEndToEndTest). The output topics get the same from AppTopics (TopicSettings.defaultTopicConfig). A broker
        // before Kafka 3.6 refuses a topic that names the setting: AppTopics.Prepared then names the older one alone in
        // the overrides, and this one is left out (3.6 to 3.9 get both).
        Set<String> topicSettings = new HashSet<>();
        overrides.keySet().stream().filter(k -> k.startsWith(StreamsConfig.TOPIC_PREFIX))
                .forEach(k -> topicSettings.add(k.substring(StreamsConfig.TOPIC_PREFIX.length())));
        if (TopicSettings.newerLimitByDefault(topicSettings)) {
            p.put(StreamsConfig.topicPrefix(TopicSettings.AHEAD_LIMIT), String.valueOf(Long.MAX_VALUE));
        }
        // The producers' three defaults below yield to the same key in --config, plain or producer.-prefixed
        // (producerDefault).
        // Everything the app writes (about 1.2 joined JSON records per input record, the changelogs, the alerts) in lz4
        // batches: +32 % input records/s in the benchmark (21,684 -> 28,598/s, same run, broker in the same JVM),
        // fewer bytes for the broker and the network; any Kafka client reads them. docs/benchmarks.md ("App").
        producerDefault(p, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Batches of up to 128 KB instead of 16 KB: catching up, the joined output and the changelogs fill a 16 KB
        // batch every few hundred records, and each new lz4 batch costs a codec set-up (5 % of the stream thread).
        // +15-30 % input records/s in 5 of 6 alternating rounds; live, the 100 ms commit sends batches long before
        // they fill, so nothing waits longer. docs/benchmarks.md ("producer batches").
        producerDefault(p, ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE_BYTES);
        // A transactional producer retries after retry.backoff.ms (Kafka's default 100 ms, growing to 1 s): its first
        // commit's group-coordinator lookup, and under transactions v2 every write that meets the previous
        // transaction's markers still being written (CONCURRENT_TRANSACTIONS, docs/operations.md). Live, each such
        // retry held a commit, and the results in it, 100 ms: at 10x a second of event time, most of the demo's lag in
        // its first second. 10 ms: the demo's largest lag lower in 6 of 6 alternating rounds, no change at 1x,
        // CPU per record in a catch-up +3-5 % in 2 rounds (docs/benchmarks.md, "Session of 2026-12-03").
        producerDefault(p, ProducerConfig.RETRY_BACKOFF_MS_CONFIG, PRODUCER_RETRY_BACKOFF_MS);
        // A task runs only once its changelogs are restored. The restore consumer looks up each new changelog's start
        // (ListOffsets) on a connection where its fetch of the changelogs it has read to the end is held by the broker
        // for fetch.max.wait.ms (500 ms): a first start with 8 empty changelogs per task spent 1.5 s so. 100 ms:
        // REBALANCING 3.1-3.6 s -> 1.9-2.3 s on a fresh application id, one broker (docs/benchmarks.md, "sixteenth").
        // A fetch with data returns at once either way; the price is more empty fetches while standby tasks are kept
        // up to date. Left to the user's value when --config sets fetch.max.wait.ms plain or consumer.-prefixed: the
        // restore prefix would otherwise beat it (a user's restore.consumer. value replaces this one anyway).
        String fetchWait = ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG;
        if (!overrides.containsKey(fetchWait) && !overrides.containsKey(StreamsConfig.consumerPrefix(fetchWait))) {
            p.put(StreamsConfig.restoreConsumerPrefix(fetchWait), RESTORE_FETCH_MAX_WAIT_MS);
        }
        overrides.forEach((k, v) -> {
            if (!k.startsWith(BrakingConfig.PREFIX)) {
                p.put(k, v);
            }
        });
        return p;
    }

    /**
     * The app's own default for the producers' {@code key}, {@code producer.}-prefixed so that it reaches them alone,
     * unless {@link #overrides()} set the key plain: a client prefix beats the plain key (Kafka's rule), so the plain
     * {@code compression.type}, {@code batch.size} or {@code retry.backoff.ms} of a {@code --config} file, which
     * overrides everything else, lost to these defaults and the producers kept lz4, 128 KB and 10 ms. A plain key is
     * for every client that knows it (a plain {@code retry.backoff.ms} for the consumers and the admin client too), as
     * the user asked; a {@code producer.} one replaces the default in any case. As for the restore consumer's
     * {@code fetch.max.wait.ms} above.
     */
    private void producerDefault(Properties p, String key, Object value) {
        if (!overrides.containsKey(key)) {
            p.put(StreamsConfig.producerPrefix(key), value);
        }
    }

    /**
     * Builds the Kafka Streams settings and those of every client it will create (its producer, main and restore
     * consumers and admin) as Kafka would, and throws what Kafka would throw. {@code new StreamsConfig} checks only the
     * Streams keys: a {@code producer.linger.ms=soon} or {@code consumer.max.poll.records=0} failed only once Kafka
     * Streams built its threads, after the output topics had been created, as a failed run (exit 1) rather than a bad
     * option. Also refused: fewer than one stream thread, which Kafka accepts ({@link #checkThreads}).
     *
     * @throws ConfigException naming the setting and its value
     */
    public void checkSettings() {
        StreamsConfig streams = new StreamsConfig(streamsProperties());
        checkThreads(streams);
        // Kafka Streams hands its clients their (byte array) serializers in code, not as settings
        Map<String, Object> producer = new HashMap<>(streams.getProducerConfigs("settings-check"));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        new ProducerConfig(producer);
        for (Map<String, Object> settings : List.of(streams.getMainConsumerConfigs(applicationId, "settings-check", 0),
                streams.getRestoreConsumerConfigs("settings-check"))) {
            Map<String, Object> consumer = new HashMap<>(settings);
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            new ConsumerConfig(consumer);
        }
        new AdminClientConfig(streams.getAdminConfigs("settings-check"));
    }

    /**
     * {@code num.stream.threads} of at least 1. Kafka Streams takes 0 (a program may add threads later with
     * {@code KafkaStreams.addStreamThread}), but the app adds none: with {@code num.stream.threads=0} in --config it
     * started, read nothing and never stopped. {@code --threads} refuses 0 itself; this refuses the key as Kafka
     * refuses a bad value, naming it.
     */
    private static void checkThreads(StreamsConfig streams) {
        int threads = streams.getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG);
        if (threads < 1) {
            throw new ConfigException(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads, "must be at least 1: with no"
                    + " stream thread the app would read nothing and never stop");
        }
    }

    /** Where the app's stores come from: {@code dsl.store.suppliers.class} (RocksDB unless set otherwise). */
    public DslStoreSuppliers storeSuppliers() {
        Map<String, Object> props = new HashMap<>();
        streamsProperties().forEach((k, v) -> props.put((String) k, v));
        return new StreamsConfig(props).getConfiguredInstance(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                DslStoreSuppliers.class, props);
    }
}
