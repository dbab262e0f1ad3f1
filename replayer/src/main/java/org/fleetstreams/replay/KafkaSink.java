package org.fleetstreams.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.SentBefore;
import org.fleetstreams.replay.data.SensorKind;

/**
 * Hands records to a {@link KafkaProducer}; every acknowledgement and failure is counted in {@link ReplayStats}.
 *
 * <p>With {@code fixesBefore}, each accelerometer record whose partition's fixes are all acknowledged carries
 * {@link FixesBefore}: where that partition's fixes end. The replay sends in event-time order, so every fix before the
 * sample's time was sent before it, and none in flight means all of them are below that offset.
 *
 * <p>Given where the inputs' partitions ended when the replay began, and with an idempotent producer, every record of
 * both inputs also carries {@link SentBefore}: where the other input's records sent before it to the same partition
 * number end, counted as sent (the partition's end at the start plus the records sent there since). The replayer is
 * the topics' only writer and an idempotent producer writes a partition's records once and in the order sent, so each
 * record lands at the offset counted for it, or it and every later one of that partition is lost (a crash).
 */
public final class KafkaSink implements RecordSink {

    /** How long {@link #close()} lets the producer finish; after {@link #flush()} it has nothing left to send. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final ReplayStats stats;
    private final List<String> topics;
    /** The partition count of both inputs when {@link FixesBefore} headers are written; 0: none are. */
    private final int partitions;
    /** Per locations partition: fixes sent and not yet acknowledged. */
    private final AtomicLongArray fixesInFlight;
    /** Per locations partition: the offset after the highest acknowledged fix; -1 before the first. */
    private final AtomicLongArray fixesEnd;
    /** Per locations partition: 1 once a fix failed or came back without an offset; no more promises there. */
    private final AtomicIntegerArray broken;
    /**
     * Per input ({@link SensorKind} order), per partition: the offset the next record sent there will have; null when
     * no {@link SentBefore} claims are written. A failed send of either input stops the claims of its partition.
     */
    private final AtomicLongArray[] sentEnd;

    /**
     * @param topics      fetched up front: the first send to a topic otherwise blocks on a metadata round trip; the
     *                    input topics in {@link SensorKind} order (locations, accelerations), as
     *                    {@code Topics.inputs()} lists them
     * @param fixesBefore write {@link FixesBefore} headers: only for a replay in event-time order (the offset clock),
     *                    only when the producer picks partitions by key (no partitioner of the user's) and only when
     *                    the broker acknowledges with offsets (not {@code acks=0})
     */
    public KafkaSink(Properties config, ReplayStats stats, List<String> topics, boolean fixesBefore) {
        this(config, stats, topics, fixesBefore, null);
    }

    /**
     * @param ends where each input partition ended before the replay's first send, by input as {@code topics} lists
     *             them, each by partition; with {@code fixesBefore} and an idempotent producer, every record then carries
     *             {@link SentBefore}. Null: no claims
     */
    public KafkaSink(Properties config, ReplayStats stats, List<String> topics, boolean fixesBefore, long[][] ends) {
        this(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), config, stats, topics,
                fixesBefore, ends);
    }

    /** @param producer built from {@code config} (tests: one whose acknowledgements they decide) */
    KafkaSink(Producer<byte[], byte[]> producer, Properties config, ReplayStats stats, List<String> topics,
              boolean fixesBefore, long[][] ends) {
        this.producer = producer;
        this.stats = stats;
        this.topics = topics;
        int[] counts = topics.stream().mapToInt(t -> producer.partitionsFor(t).size()).toArray();
        boolean keyed = !config.containsKey(ProducerConfig.PARTITIONER_CLASS_CONFIG)
                && !Boolean.parseBoolean(String.valueOf(config.get(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG)));
        boolean offsets = !"0".equals(String.valueOf(config.get(ProducerConfig.ACKS_CONFIG)).trim());
        // One partition count for both inputs (the replayer refuses topics that differ before it gets here): a
        // sample's promise is about the locations partition of its own number
        boolean copartitioned = counts.length == 2 && counts[0] == counts[1];
        this.partitions = fixesBefore && keyed && offsets && copartitioned ? counts[0] : 0;
        this.fixesInFlight = new AtomicLongArray(partitions);
        this.fixesEnd = new AtomicLongArray(partitions);
        this.broken = new AtomicIntegerArray(partitions);
        for (int p = 0; p < partitions; p++) {
            fixesEnd.set(p, -1);
        }
        // Idempotence is what makes an offset countable: without it a retried batch can be written twice
        boolean idempotent = Boolean.parseBoolean(String.valueOf(config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)));
        boolean known = ends != null && ends.length == 2 && ends[0].length == partitions && ends[1].length == partitions;
        this.sentEnd = partitions > 0 && idempotent && known
                ? new AtomicLongArray[] {new AtomicLongArray(ends[0]), new AtomicLongArray(ends[1])} : null;
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

    /**
     * The longest a replay's last send, {@link #flush()} and {@link #close()} may take with these producer settings
     * (the replay's, {@code --config} included), which is how long a stopped replay may still need to hand over what it
     * gave the producer: a send blocks while the buffer is full or the metadata unknown, up to {@code max.block.ms};
     * every record sent is then acknowledged or failed within {@code delivery.timeout.ms} (which the producer raises to
     * {@code linger.ms + request.timeout.ms} when those are larger and it was not given); and the close waits
     * {@link #CLOSE_TIMEOUT} at most. Kafka's defaults: 60 s + 120 s + 30 s.
     *
     * <p>The trade-off: a bound, not a guess of the usual time, so a Ctrl-C on a slow or unreachable broker can take
     * minutes to return; cutting it shorter is what lost buffered records before (the shutdown hook waited 60 s).
     *
     * @throws org.apache.kafka.common.config.ConfigException on settings {@code ReplayTargets.producerSettings} refuses
     */
    static Duration drainTime(Properties config) {
        Map<String, Object> settings = new HashMap<>();
        config.forEach((k, v) -> settings.put(String.valueOf(k), v));
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<String, Object> values;
        try {
            // as parsed, Kafka's defaults filled in; unlike new ProducerConfig, without logging every setting and
            // loading the config providers again each time (this runs for every job, before and after its settings)
            values = ProducerConfig.configDef().parse(settings);
        } catch (ConfigException e) {
            values = ProducerConfig.configDef().defaultValues(); // a timeout from a config provider: Kafka's defaults
        }
        long delivery = Math.max(millis(values, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                millis(values, ProducerConfig.LINGER_MS_CONFIG) + millis(values, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        return Duration.ofMillis(millis(values, ProducerConfig.MAX_BLOCK_MS_CONFIG)).plusMillis(delivery).plus(CLOSE_TIMEOUT);
    }

    /** A parsed milliseconds setting, whichever of int and long Kafka types it as. */
    private static long millis(Map<String, ?> values, String name) {
        return ((Number) values.get(name)).longValue();
    }

    @Override
    public void send(String topic, byte[] key, long timestamp, byte[] value) {
        int input = topics.indexOf(topic);
        SensorKind kind = input >= 0 && input < SensorKind.values().length ? SensorKind.values()[input] : null;
        if (partitions == 0 || key == null || kind == null) {
            send(new ProducerRecord<>(topic, null, timestamp, key, value), kind, key, timestamp, -1);
            return;
        }
        // The partition the producer would pick for the key (its built-in partitioner), named so the promise is
        // about the right partition
        int partition = Utils.toPositive(Utils.murmur2(key)) % partitions;
        Headers headers = null;
        if (sentEnd != null) {
            long own = sentEnd[kind.ordinal()].getAndUpdate(partition, n -> n < 0 ? n : n + 1);
            long claim = sentEnd[1 - kind.ordinal()].get(partition);
            // -1: a failed send there; its records may or may not be in the log, so its offsets are not known any more
            if (own >= 0 && claim >= 0) {
                headers = new RecordHeaders().add(SentBefore.HEADER, SentBefore.encode(claim));
            }
        }
        if (kind == SensorKind.LOCATIONS) {
            fixesInFlight.incrementAndGet(partition);
            send(new ProducerRecord<>(topic, partition, timestamp, key, value, headers), kind, key, timestamp, partition);
            return;
        }
        // In flight first: an acknowledgement moves the end before it leaves the count, so 0 here means the end read
        // next covers every fix sent so far
        long end = fixesInFlight.get(partition) == 0 && broken.get(partition) == 0 ? fixesEnd.get(partition) : -1;
        if (end >= 0) {
            headers = headers == null ? new RecordHeaders() : headers;
            headers.add(FixesBefore.HEADER, FixesBefore.encode(end));
        }
        send(new ProducerRecord<>(topic, partition, timestamp, key, value, headers), kind, key, timestamp, -1);
    }

    /** @param fixPartition the locations partition of a fix sent with a named partition; -1 for any other record */
    private void send(ProducerRecord<byte[], byte[]> record, SensorKind kind, byte[] key, long timestamp,
                      int fixPartition) {
        // The timestamp as sent, not the broker's: a topic with LogAppendTime would otherwise read as years ahead.
        producer.send(record, (metadata, exception) -> {
            if (fixPartition >= 0) {
                if (exception == null && metadata.hasOffset()) {
                    fixesEnd.accumulateAndGet(fixPartition, metadata.offset() + 1, Math::max);
                } else {
                    // A failed write may still be in the log (a timeout), at an offset nobody knows: no more promises
                    broken.set(fixPartition, 1);
                }
                fixesInFlight.decrementAndGet(fixPartition);
            }
            if (exception != null && sentEnd != null && record.partition() != null && kind != null) {
                sentEnd[kind.ordinal()].set(record.partition(), -1);
            }
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
        producer.close(CLOSE_TIMEOUT);
    }
}
