package org.fleetstreams.replay.resume;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.ReadingFields;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaSetupException;

/**
 * What the input topics already hold, partition by partition, as a resume needs it: the replay's own records in offset
 * order (event time, ride and a fingerprint of key and value), apart from any other record written there. The event
 * time is the record timestamp, or on a LogAppendTime topic the value's {@code event_time} ({@link #eventTime}).
 *
 * <p>A record counts as a replay record when its value is a reading of its topic's kind whose {@code ride_id} is its
 * key (closing records excepted). Anything else (bad records someone injected, the closing records) is someone
 * else's and left alone: it is counted, not matched. Only fingerprints are kept (16 bytes and a shared ride id per
 * record), so a topic of millions of records fits in memory.
 */
public final class PublishedRecords {

    /** One partition's replay records, in offset order. */
    static final class Partition {
        private long[] timestamps = new long[256];
        private long[] fingerprints = new long[256];
        private long[] offsets = new long[256];
        private String[] rides = new String[256];
        private int size;

        void add(long offset, long timestamp, String ride, long fingerprint) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                fingerprints = Arrays.copyOf(fingerprints, size * 2);
                offsets = Arrays.copyOf(offsets, size * 2);
                rides = Arrays.copyOf(rides, size * 2);
            }
            timestamps[size] = timestamp;
            fingerprints[size] = fingerprint;
            offsets[size] = offset;
            rides[size] = ride;
            size++;
        }

        int size() {
            return size;
        }

        long timestamp(int i) {
            return timestamps[i];
        }

        long fingerprint(int i) {
            return fingerprints[i];
        }

        long offset(int i) {
            return offsets[i];
        }

        String ride(int i) {
            return rides[i];
        }
    }

    private final Map<String, Partition[]> topics;
    private final long others;

    PublishedRecords(Map<String, Partition[]> topics, long others) {
        this.topics = topics;
        this.others = others;
    }

    /**
     * Reads both input topics from the beginning to their end offsets.
     *
     * @param client bootstrap servers and, for a secured cluster, the login (the producer's settings do)
     * @throws KafkaSetupException when they cannot be read within {@code timeout}, or grew while they were read (a
     *                             writer still running: a resume point taken then would be wrong at once)
     */
    public static PublishedRecords read(Properties client, Topics topics, Duration timeout) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, Partition[]> content = new HashMap<>();
        Map<String, String> rides = new HashMap<>();
        long others = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.inputs()) {
                int count = consumer.partitionsFor(topic, timeout).size();
                Partition[] parts = new Partition[count];
                for (int p = 0; p < count; p++) {
                    parts[p] = new Partition();
                    partitions.add(new TopicPartition(topic, p));
                }
                content.put(topic, parts);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException("cannot resume: could not read the input topics to their end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    if (!hold(r, topics, content, rides)) {
                        others++;
                    }
                }
            }
            if (!consumer.endOffsets(partitions, timeout).equals(end)) {
                throw new KafkaSetupException("cannot resume: the input topics grew while they were read; stop whatever"
                        + " still writes to them (another replayer?) and try again");
            }
        } catch (AuthorizationException e) {
            // The replayer's least-privilege ACLs (FleetAcls) grant no Read: a resume needs it on top.
            throw new KafkaSetupException("cannot resume: reading " + topics.inputs() + " was refused (" + e.getMessage()
                    + "); --resume needs Read on both input topics", e);
        }
        return new PublishedRecords(content, others);
    }

    /**
     * Adds {@code r} to its partition's replay records in {@code content} when it is one; false for anyone else's
     * record. {@code rides} shares each ride's id among its records.
     *
     * @throws KafkaSetupException for a replay record whose event time is lost ({@link #eventTime})
     */
    static boolean hold(ConsumerRecord<byte[], byte[]> r, Topics topics, Map<String, Partition[]> content,
                        Map<String, String> rides) {
        SensorReading reading = replayReading(r.topic(), topics, r.key(), r.value());
        if (reading == null) {
            return false;
        }
        content.get(r.topic())[r.partition()].add(r.offset(), eventTime(r, reading),
                rides.computeIfAbsent(reading.rideId(), k -> k), fingerprint(r.key(), r.value()));
        return true;
    }

    /**
     * The event time a replay record carries, which the resume check compares with the replay's: its timestamp, as
     * the replay sent it, unless the broker replaced that with the time it wrote the record (a topic with
     * {@code message.timestamp.type=LogAppendTime}, read per record, as a topic's setting may have changed since it was
     * written). Then the value's {@code event_time}, which {@code --event-time-field} writes; the replayer refuses to
     * write into such a topic without it. Before 2026-12-08 the append time was compared, so every resume on such a
     * topic was refused with advice to give the interrupted run's options, which it had.
     *
     * @throws KafkaSetupException for a record with an append time and no {@code event_time}: nothing it carries says
     *                             which of the replay's records it is (every pass of a --loop writes the same values)
     */
    static long eventTime(ConsumerRecord<byte[], byte[]> r, SensorReading reading) {
        if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
            return r.timestamp();
        }
        long given = reading.eventTime();
        if (given == 0) { // a reading's "none" (ReadingFields)
            throw new KafkaSetupException("cannot resume: " + r.topic() + "-" + r.partition() + " offset " + r.offset()
                    + " has the broker's append time as its timestamp (the topic has, or had when it was written,"
                    + " message.timestamp.type=LogAppendTime) and no event_time in its value, so nothing in it says"
                    + " which of this replay's records it is; replay into new topics (--topic-prefix) without --resume,"
                    + " with --event-time-field or into CreateTime topics");
        }
        return given == ReadingFields.EVENT_TIME_ZERO ? 0 : given;
    }

    /** The reading of a replay record, or null for anyone else's record. */
    private static SensorReading replayReading(String topic, Topics topics, byte[] key, byte[] value) {
        if (key == null || value == null) {
            return null;
        }
        try {
            SensorReading reading = topic.equals(topics.locations()) ? FleetSerdes.locationFix().fromBytes(value)
                    : FleetSerdes.accelerationSample().fromBytes(value);
            String ride = new String(key, StandardCharsets.UTF_8);
            return ride.equals(reading.rideId()) && !ClosingRecords.isClosing(ride) ? reading : null;
        } catch (SerializationException e) {
            return null;
        }
    }

    /**
     * FNV-1a, 64 bits, over key and value. Two different records at the same position colliding is a 2^-64 chance,
     * and the timestamp and ride are compared exactly besides.
     */
    static long fingerprint(byte[] key, byte[] value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ 0x1ff) * 0x100000001b3L; // a separator no byte can be: "ab"+"c" differs from "a"+"bc"
        for (byte b : value) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    Partition partition(String topic, int partition) {
        return topics.get(topic)[partition];
    }

    /** Partitions of each input topic (the replayer keeps both the same). */
    int partitions(String topic) {
        return topics.get(topic).length;
    }

    /** The replay records held, all partitions. */
    public long replayRecords() {
        return topics.values().stream().flatMap(Arrays::stream).mapToLong(Partition::size).sum();
    }

    /** Records that are not the replay's (left alone). */
    public long otherRecords() {
        return others;
    }
}
