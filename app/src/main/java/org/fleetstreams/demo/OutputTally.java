package org.fleetstreams.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Topics;

/**
 * Reads the app's output topics as any downstream consumer would ({@code read_committed}: only what exactly-once
 * committed) and keeps what the live view and the closing table need: counts per topic, the alerts, the summary of
 * each (ride, window) (the app writes one, final, when the window closes; a repeated one replaces the earlier) and
 * the latest event time in each partition of the joined topic. A tally that runs until Ctrl-C ({@code demo
 * --keep-running}) keeps no alerts and summaries but the latest five: it would keep every pass's, about 180 a pass.
 */
final class OutputTally implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final boolean fromBeginning;
    private final boolean keepRows;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final Deque<HarshBrakingAlert> latest = new ArrayDeque<>();
    private final List<HarshBrakingAlert> alerts = new ArrayList<>();
    private final Map<String, CarSummary> summaries = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> latestJoined = new ConcurrentHashMap<>();
    private volatile long caughtUpAt;
    private volatile boolean stop;

    /**
     * @param fromBeginning read the outputs from their start (a broker of the demo's own) or from their end
     * @param keepRows      keep every alert and final summary for the closing table ({@link #alerts},
     *                      {@link #summaries}); false for a tally that runs without end
     */
    OutputTally(String bootstrapServers, Topics topics, boolean fromBeginning, boolean keepRows) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.fromBeginning = fromBeginning;
        this.keepRows = keepRows;
        topics.outputs().forEach(t -> counts.put(t, new AtomicLong()));
    }

    /** Whether {@link #run} began (or {@link #close} came first); the consumer is closed by whichever was first. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void run() {
        if (!claimed.compareAndSet(false, true)) {
            return; // closed before it ran: close() closed the consumer
        }
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.outputs()) {
                consumer.partitionsFor(topic, Duration.ofSeconds(15))
                        .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            while (!stop) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    take(r);
                }
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUpAt = System.nanoTime();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
            done.countDown();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> r) {
        counts.get(r.topic()).incrementAndGet();
        total.incrementAndGet();
        if (r.topic().equals(topics.joined())) {
            // A joined record's timestamp is its later input's; the partition is its ride's input partition's number.
            latestJoined.computeIfAbsent(r.partition(), p -> new AtomicLong(Long.MIN_VALUE))
                    .accumulateAndGet(r.timestamp(), Math::max);
        }
        if (r.value() == null) {
            return;
        }
        if (r.topic().equals(topics.harshBraking())) {
            HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().deserializer().deserialize(r.topic(), r.value());
            synchronized (this) {
                if (keepRows) {
                    alerts.add(alert);
                }
                latest.addFirst(alert);
                if (latest.size() > 5) {
                    latest.removeLast();
                }
            }
        } else if (keepRows && r.topic().equals(topics.carSummaries())) {
            CarSummary s = FleetSerdes.carSummary().deserializer().deserialize(r.topic(), r.value());
            summaries.put(s.rideId() + "@" + s.windowStart(), s);
        }
    }

    long count(String topic) {
        return counts.get(topic).get();
    }

    /**
     * The latest event time (record timestamp) in each partition of the joined topic, {@link Long#MIN_VALUE} for a
     * partition without any yet; as long as the highest partition read from.
     */
    long[] latestJoinedEventTimes() {
        Map<Integer, AtomicLong> now = Map.copyOf(latestJoined); // one look: the tally thread may add a partition
        long[] out = new long[now.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        Arrays.fill(out, Long.MIN_VALUE);
        now.forEach((p, t) -> out[p] = t.get());
        return out;
    }

    long total() {
        return total.get();
    }

    synchronized List<HarshBrakingAlert> latestAlerts() {
        return List.copyOf(latest);
    }

    synchronized List<HarshBrakingAlert> alerts() {
        return List.copyOf(alerts);
    }

    List<CarSummary> summaries() {
        return List.copyOf(summaries.values());
    }

    /** True when a check that began after {@code sinceNanos} found every output partition read to its end. */
    boolean caughtUpSince(long sinceNanos) {
        return caughtUpAt - sinceNanos > Duration.ofMillis(250).toNanos();
    }

    @Override
    public void close() {
        stop = true;
        if (claimed.compareAndSet(false, true)) {
            consumer.close(Duration.ofSeconds(5)); // never ran (the app did not start): nothing else will close it
            return;
        }
        consumer.wakeup();
        try {
            // its consumer closed before the caller goes on to stop the broker under it
            done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
