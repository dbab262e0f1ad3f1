package org.fleetstreams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Topics;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;

/**
 * The alert-latency figure of {@link AppBenchmark}: a fresh app on fresh topics, the replayer at {@code --speed 1}
 * with the epoch set to now, so event time is wall time.
 *
 * <p>A probe reads the accelerometer input and the alerts. Per ride it keeps when each sample arrived; per alert, the
 * latency is its arrival minus the arrival of the ride's first sample at or after the event's end + the 2 s merge gap:
 * the sample that lets the detector emit it. Both arrivals are seen by consumers in this JVM, a few ms after
 * publication.
 */
final class AlertLatency {

    private final Map<String, TreeMap<Long, Long>> sampleArrivals = new ConcurrentHashMap<>();
    private final List<long[]> alertArrivals = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alertRides = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();

    private AlertLatency() {
    }

    static void run(BenchOptions options) throws Exception {
        Path data = options.liveData();
        AlertLatency probe = new AlertLatency();
        try (LocalPipeline pipeline = AppBenchmark.pipeline("latency", "latency-app", options);
             StreamsRunner app = pipeline.startApp()) {
            app.awaitRunning(Duration.ofMinutes(5));
            Thread reader = new Thread(() -> probe.read(pipeline.bootstrapServers(), pipeline.topics()), "latency-probe");
            reader.start();
            pipeline.replay(Replay.of(data).atSpeed(1).withFleet(options.latencyFleet())
                    .withEpoch(Instant.ofEpochMilli(System.currentTimeMillis())));
            Thread.sleep(5_000);
            probe.stop.set(true);
            reader.join();
        }
        List<Long> sorted = probe.latencies();
        if (sorted.isEmpty()) {
            System.out.println("alert latency: no accelerometer alerts in the run");
            return;
        }
        System.out.printf("alert latency, " + data + " at --speed 1, --fleet " + options.latencyFleet() + " (%d accelerometer"
                        + " alerts; arrival at a read_committed consumer - arrival of the sample that lets the detector"
                        + " emit it): p50 %d ms, p99 %d ms, max %d ms (target p99 < 200 ms)%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)),
                sorted.get(sorted.size() - 1));
    }

    private void read(String bootstrap, Topics topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-probe");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topics.harshBraking(), topics.accelerations()));
            while (!stop.get()) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(5))) {
                    long now = System.currentTimeMillis();
                    if (r.topic().equals(topics.accelerations())) {
                        sampleArrivals.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(r.timestamp(), now);
                        continue;
                    }
                    HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().fromBytes(r.value());
                    if (alert.source().equals("accelerometer")) {
                        alertArrivals.add(new long[] {now, alert.endTime() + 2_000});
                        alertRides.add(alert.rideId());
                    }
                }
            }
        }
    }

    /** Each alert's latency behind the sample that let the detector emit it, sorted. */
    private List<Long> latencies() {
        List<Long> latencies = new ArrayList<>();
        for (int k = 0; k < alertArrivals.size(); k++) {
            var trigger = sampleArrivals.getOrDefault(alertRides.get(k), new TreeMap<>()).ceilingEntry(alertArrivals.get(k)[1]);
            if (trigger != null) {
                latencies.add(alertArrivals.get(k)[0] - trigger.getValue());
            }
        }
        Collections.sort(latencies);
        return latencies;
    }
}
