package org.fleetstreams.replay;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.fleetstreams.replay.data.SensorKind;

/** Hands records to a {@link KafkaProducer}; every acknowledgement and failure is counted in {@link ReplayStats}. */
public final class KafkaSink implements RecordSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final ReplayStats stats;
    private final List<String> topics;

    /**
     * @param topics fetched up front: the first send to a topic otherwise blocks on a metadata round trip; the input
     *               topics in {@link SensorKind} order (locations, accelerations), as {@code Topics.inputs()} lists them
     */
    public KafkaSink(Properties config, ReplayStats stats, List<String> topics) {
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.stats = stats;
        this.topics = topics;
        topics.forEach(producer::partitionsFor);
    }

    /**
     * The replayer's producer defaults, before {@code --producer-config} overrides.
     *
     * <p>Idempotent with acks=all: a retried batch is never written twice, nothing acknowledged is lost.
     * Compression and batching were chosen with the replayer benchmark (README, "Benchmark"). Records are keyed by
     * ride, so they spread over every partition and batches stay small; lz4 and zstd pay a large per-batch setup
     * (their pure-Java/JNI contexts), which halved throughput at a 5 ms linger (183k vs 460k records/s with snappy).
     * Snappy is cheap per batch, so it is fast with the 5 ms linger that keeps paced replays close to real time.
     */
    public static Properties defaults(String bootstrapServers) {
        Properties p = new Properties();
        p.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "bdd-replayer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "snappy",
                ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024)));
        return p;
    }

    @Override
    public void send(String topic, byte[] key, long timestamp, byte[] value) {
        int input = topics.indexOf(topic);
        SensorKind kind = input >= 0 && input < SensorKind.values().length ? SensorKind.values()[input] : null;
        // The timestamp as sent, not the broker's: a topic with LogAppendTime would otherwise read as years ahead.
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (metadata, exception) -> {
            if (exception == null) {
                stats.onAcknowledged(kind, metadata.partition(), key, timestamp);
            } else {
                stats.onFailed(exception);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
