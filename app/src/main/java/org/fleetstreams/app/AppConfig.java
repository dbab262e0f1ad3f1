package org.fleetstreams.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.Topics;
import org.fleetstreams.summary.CarSummaries;

/**
 * Everything the app needs: topics, the topology's parameters and the Kafka Streams settings. One factory,
 * {@link #streamsProperties()}, serves main and tests.
 */
public record AppConfig(String bootstrapServers, Topics topics, String applicationId, Path stateDir, int threads,
                        Duration joinTimeDifference, Duration joinGrace, Duration summarySize, Duration summaryAdvance,
                        Duration summaryGrace, CarSummaries.Emit summaryEmit, String processingGuarantee,
                        Map<String, String> overrides, BrakingConfig braking) {

    /** The course's parameters: ±2 s join, 30 s windows every 15 s, 5 s grace; exactly-once. */
    public static AppConfig defaults(String bootstrapServers, Topics topics) {
        return new AppConfig(bootstrapServers, topics, "fleetstreams-" + topics.prefix(),
                Path.of(System.getProperty("java.io.tmpdir"), "fleetstreams-state"), 1, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(5),
                CarSummaries.Emit.FINAL, StreamsConfig.EXACTLY_ONCE_V2, Map.of(), BrakingConfig.defaults());
    }

    public AppConfig withOverrides(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(overrides);
        all.putAll(more);
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, joinTimeDifference, joinGrace,
                summarySize, summaryAdvance, summaryGrace, summaryEmit, processingGuarantee, Map.copyOf(all), braking);
    }

    public AppConfig withSummaryEmit(CarSummaries.Emit emit) {
        return new AppConfig(bootstrapServers, topics, applicationId, stateDir, threads, joinTimeDifference, joinGrace,
                summarySize, summaryAdvance, summaryGrace, emit, processingGuarantee, overrides, braking);
    }

    /** Kafka Streams settings: ours first, then {@link #overrides()} (from --config FILE) win. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        // Known bad input is dead-lettered by the topology itself (dlq package). Anything unexpected still must not
        // kill the stream thread or vanish: Kafka Streams' own handlers (KIP-1034) log it and write the source
        // record to the same dead-letter topic.
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
        // Replays start from the beginning of the topics.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A task reads a ride's GPS and accelerometer partitions together and must take them in event-time order, or
        // the join misses pairs and the summary windows drop samples as expired. When one partition's buffer is empty
        // and its last known lag is 0, Streams waits max.task.idle.ms and then goes on with the other partition
        // ("enforced processing"). The GPS partition is tiny and fully buffered far ahead, so giving up early lets
        // stream time jump. Measured with the app running during a 10x replay of data/sample on this 2-core machine
        // (dropped records / max record lateness): -1: 41,907 / 69 s; 5 s: 4,146 / 60 s; 60 s: 0 / 0. The cost: when
        // a partition of one input is truly silent, its task waits up to a minute before it goes on alone.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 60_000L);
        // Every node is named explicitly, so the topology can also be optimised without renaming state.
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        overrides.forEach((k, v) -> {
            if (!k.startsWith(BrakingConfig.PREFIX)) {
                p.put(k, v);
            }
        });
        return p;
    }
}
