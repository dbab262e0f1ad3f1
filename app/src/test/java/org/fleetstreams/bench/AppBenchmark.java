package org.fleetstreams.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.tools.ConsumerPerformance;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.AppTopics;
import org.fleetstreams.app.FleetTopology;
import org.fleetstreams.app.TestData;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.WallClock;

/**
 * The app benchmark: prints figures, asserts nothing. One JVM, one embedded broker, in three steps:
 * <ol>
 *   <li>Fill: the replayer publishes the real data at max speed as {@code --fleet N} cars (4 partitions).</li>
 *   <li>Throughput: Kafka's {@code ConsumerPerformance} (kafka-tools) reads both input topics end to end: the raw
 *       consumer figure. Then one app instance (1 stream thread, exactly-once, as shipped) processes the same topics
 *       from offset 0 until its consumer group has committed everything; input records / seconds is its figure.
 *       Nothing else runs meanwhile, so the replayer does not compete for the 2 cores.</li>
 *   <li>Alert latency: a fresh app on fresh topics, the replayer at {@code --speed 1} with 20 cars and the epoch set to
 *       now, so event time is wall time. A read_committed consumer of the alerts topic takes, for each alert,
 *       arrival wall time minus the event time at which the detector could emit it (end + the 2 s merge gap).</li>
 * </ol>
 * Run: {@code mvn -B -q install -DskipTests && mvn -B -q -pl app exec:java@bench -Dexec.args="--fleet 100"}
 * ({@code --order-check [--order-speed S]} runs the app beside a live replay of {@code --latency-data} x
 * {@code --latency-fleet} and counts samples lost to disorder; {@code --reference} also times a pass-through topology on the same inputs: the framework's floor; {@code --skip-latency}, {@code --latency-only}, {@code --latency-data DIR}, {@code --latency-fleet N}; {@code --jfr FILE} records the app's throughput run; {@code --set KEY=VALUE} adds a
 * Kafka Streams setting, repeatable).
 */
public final class AppBenchmark {

    /** Kafka Streams settings from {@code --set KEY=VALUE} (repeatable), for comparing configurations. */
    private static final Map<String, String> SETTINGS = new java.util.HashMap<>();

    private AppBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = List.of(args);
        int fleet = a.contains("--fleet") ? Integer.parseInt(a.get(a.indexOf("--fleet") + 1)) : 100;
        String jfr = a.contains("--jfr") ? a.get(a.indexOf("--jfr") + 1) : null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--set")) {
                String[] kv = args[i + 1].split("=", 2);
                SETTINGS.put(kv[0], kv[1]);
            }
        }
        Path data = TestData.bdd();
        if (!SETTINGS.isEmpty()) {
            System.out.println("settings: " + SETTINGS);
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            String bootstrap = broker.bootstrapServers();
            Path latencyData = a.contains("--latency-data") ? Path.of(a.get(a.indexOf("--latency-data") + 1)) : data;
            int latencyFleet = a.contains("--latency-fleet") ? Integer.parseInt(a.get(a.indexOf("--latency-fleet") + 1)) : 20;
            if (a.contains("--order-check")) {
                double speed = a.contains("--order-speed") ? Double.parseDouble(a.get(a.indexOf("--order-speed") + 1)) : 10;
                orderCheck(bootstrap, latencyData, latencyFleet, speed);
                return;
            }
            if (a.contains("--latency-only")) {
                latency(bootstrap, latencyData, latencyFleet);
                return;
            }
            Topics topics = Topics.withPrefix("bench");
            long fillStart = System.nanoTime();
            replay(bootstrap, data, topics, Double.POSITIVE_INFINITY, fleet, Instant.parse("2017-08-28T00:00:00Z"));
            // Finite topics end: after a task's last record of one input it waits max.task.idle.ms (60 s) before it
            // takes the other input's last record alone. A live stream never ends, so each partition of both inputs
            // gets one closing record far in the future, and the clock stops when every real record is done (each input
            // partition's lag is down to its closing record).
            closeEveryPartition(bootstrap, topics);
            long total = 23_990L * fleet;
            System.out.printf("fill: %,d records (real data x fleet %d) in %.1f s%n", total, fleet,
                    (System.nanoTime() - fillStart) / 1e9);

            double raw = consumerPerformance(bootstrap, topics, total);
            System.out.printf("kafka ConsumerPerformance, both input topics: %,.0f records/s%n", raw);

            double passRate = 0;
            if (a.contains("--reference")) {
                AppConfig reference = config(bootstrap, topics, "bench-passthrough");
                try (Admin admin = KafkaConnection.connect(reference.streamsProperties(), Duration.ofSeconds(15))) {
                    new TopicSetup(admin, Duration.ofSeconds(15)).ensure(List.of("bench-passthrough-out"), 4, (short) 1,
                            TopicSetup.defaultTopicConfig());
                }
                double[] pass = runUntilCaughtUp(reference, passThrough(topics), total);
                passRate = total / pass[0];
                System.out.printf("kafka streams pass-through (same inputs -> one output topic, bytes, 1 thread,"
                        + " exactly_once_v2, same settings): %,.0f records/s over %.1f s%n", total / pass[0], pass[0]);
            }

            AppConfig config = config(bootstrap, topics, "bench-app");
            AppTopics.prepare(config, Duration.ofSeconds(15), new PrintWriter(new StringWriter()));
            jdk.jfr.Recording recording = jfr == null ? null
                    : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            if (recording != null) {
                recording.start();
            }
            double[] app = runUntilCaughtUp(config, FleetTopology.buildTopology(config), total);
            if (recording != null) {
                recording.stop();
                recording.dump(Path.of(jfr));
                recording.close();
                System.out.println("JFR recording of the app run: " + jfr);
            }
            System.out.printf("app (1 instance, 1 thread, exactly_once_v2): %,.0f input records/s over %.1f s from RUNNING"
                            + " (%.1f s including start-up) = %.0f %% of ConsumerPerformance (targets: >= 150,000/s, >= 50 %%)%n",
                    total / app[0], app[0], app[1], 100 * total / app[0] / raw);
            if (passRate > 0) {
                System.out.printf("app / pass-through, same run: %.0f %% (target >= 50 %%)%n", 100 * total / app[0] / passRate);
            }
            if (app[0] < 60) {
                System.out.printf("note: less than 60 s of work; use a larger --fleet (about %d)%n",
                        (int) Math.ceil(fleet * 60 / app[0]));
            }
            if (!a.contains("--skip-latency")) {
                latency(bootstrap, latencyData, latencyFleet);
            }
        }
    }

    static AppConfig config(String bootstrap, Topics topics, String applicationId) throws Exception {
        return AppConfig.defaults(bootstrap, topics).withApplicationId(applicationId)
                .withStateDir(Files.createTempDirectory("bench-state")).withOverrides(SETTINGS);
    }

    static void closeEveryPartition(String bootstrap, Topics topics) {
        org.fleetstreams.common.admin.ClosingRecords.send(bootstrap, topics,
                Instant.parse("2017-08-28T01:00:00Z").toEpochMilli());
    }

    static int replay(String bootstrap, Path data, Topics topics, double speed, int fleet, Instant epoch) {
        StringWriter err = new StringWriter();
        int code = new ReplayJob(ReplayConfig.defaults(data, bootstrap, topics).withSpeed(speed).withEpoch(epoch)
                .withFleet(fleet).withProgressInterval(Duration.ZERO).withConnectTimeout(Duration.ofSeconds(30)),
                new PrintWriter(new StringWriter()), new PrintWriter(err), WallClock.SYSTEM).run();
        if (code != ReplayJob.OK) {
            throw new IllegalStateException("replay failed (" + code + "): " + err);
        }
        return code;
    }

    /** Seconds from RUNNING to caught up, and from start() to caught up. */
    /** The framework's own floor: both inputs copied as bytes to one topic, nothing parsed, no state. */
    static org.apache.kafka.streams.Topology passThrough(Topics topics) {
        org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
        var bytes = org.apache.kafka.streams.kstream.Consumed.with(org.apache.kafka.common.serialization.Serdes.ByteArray(),
                org.apache.kafka.common.serialization.Serdes.ByteArray());
        builder.stream(topics.inputs(), bytes.withName("passthrough-source"))
                .to("bench-passthrough-out", org.apache.kafka.streams.kstream.Produced.with(
                        org.apache.kafka.common.serialization.Serdes.ByteArray(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()).withName("passthrough-sink"));
        return builder.build();
    }

    static double[] runUntilCaughtUp(AppConfig config, org.apache.kafka.streams.Topology topology, long total) throws Exception {
        long start = System.nanoTime();
        long[] running = {0};
        try (KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
             Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            streams.start();
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(15));
            boolean done = false;
            while (!done) {
                Thread.sleep(250);
                done = setup.groupLags(config.applicationId(), config.topics().inputs()).values().stream()
                        .allMatch(lag -> lag <= 1); // only the closing record may wait
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("the app failed");
                }
            }
            long end = System.nanoTime();
            if (Boolean.getBoolean("bench.metrics")) {
                for (String m : List.of("enforced-processing-total", "process-total", "poll-total", "commit-total",
                        "poll-ratio", "process-ratio", "commit-ratio", "punctuate-ratio", "dropped-records-total")) {
                    System.out.printf("  %s: %s%n", m, streams.metrics().entrySet().stream()
                            .filter(e -> e.getKey().name().equals(m))
                            .map(e -> e.getKey().tags().getOrDefault("task-id", e.getKey().group()) + "=" + e.getValue().metricValue())
                            .toList());
                }
            }
            streams.close(Duration.ofSeconds(30));
            return new double[] {(end - running[0]) / 1e9, (end - start) / 1e9};
        }
    }

    static double consumerPerformance(String bootstrap, Topics topics, long total) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConsumerPerformance.main(new String[] {"--bootstrap-server", bootstrap, "--include",
                    topics.locations() + "|" + topics.accelerations(), "--messages", String.valueOf(total), "--timeout", "60000"});
        } finally {
            System.setOut(original);
        }
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(",")).toList();
        String[] f = lines.get(lines.size() - 1).split(",\\s*");
        return Double.parseDouble(f[5]);
    }

    /**
     * Does event-time order hold while the app runs beside a live replay? The app (with any {@code --set}) processes a
     * replay at {@code speed}; afterwards every window is closed, and the samples counted in the final summaries are
     * compared with the truth: with 30 s windows every 15 s each sample lies in exactly two windows. A sample the
     * windows dropped as too late shows up as missing, whether or not Kafka Streams counted it.
     */
    static void orderCheck(String bootstrap, Path data, int fleet, double speed) throws Exception {
        Topics topics = Topics.withPrefix("order");
        AppConfig config = config(bootstrap, topics, "order-app");
        try (Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            new TopicSetup(admin, Duration.ofSeconds(15)).ensure(topics.inputs(), 4, (short) 1, TopicSetup.defaultTopicConfig());
        }
        AppTopics.prepare(config, Duration.ofSeconds(15), new PrintWriter(new StringWriter()));
        long epoch = System.currentTimeMillis();
        double dropped;
        double late;
        try (KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties());
             Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            replay(bootstrap, data, topics, speed, fleet, Instant.ofEpochMilli(epoch));
            org.fleetstreams.common.admin.ClosingRecords.sendWhenCaughtUp(bootstrap, topics, config.applicationId(),
                    epoch + 3_600_000, Duration.ofSeconds(300));
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(15));
            while (setup.groupLag(config.applicationId(), topics.inputs()) > 0) {
                Thread.sleep(250);
            }
            dropped = streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("dropped-records-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            System.out.printf("enforced-processing-total %.0f%n", streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("enforced-processing-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum());
            late = streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("late-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            streams.close(Duration.ofSeconds(30));
        }
        long samples = org.fleetstreams.common.admin.TopicReader.readAll(bootstrap, topics.accelerations(), Duration.ofSeconds(60))
                .stream().filter(r -> !org.fleetstreams.common.admin.ClosingRecords.isClosing(r.key())).count();
        List<org.fleetstreams.common.CarSummary> summaries = org.fleetstreams.common.admin.TopicReader
                .readAll(bootstrap, topics.carSummaries(), Duration.ofSeconds(60)).stream()
                .map(r -> FleetSerdes.carSummary().deserializer().deserialize(r.topic(), r.value()))
                .filter(summary -> !org.fleetstreams.common.admin.ClosingRecords.isClosing(summary.rideId())).toList();
        long counted = summaries.stream().mapToLong(summary -> summary.accelSamples()).sum();
        long windows = summaries.stream().map(summary -> summary.rideId() + "@" + summary.windowStart()).distinct().count();
        var deadRecords = org.fleetstreams.common.admin.TopicReader.readAll(bootstrap, topics.deadLetters(),
                Duration.ofSeconds(60));
        int deadLetters = deadRecords.size();
        Map<String, List<Long>> lateBy = new java.util.TreeMap<>();
        for (var r : deadRecords) {
            var by = r.headers().lastHeader(org.fleetstreams.deadletter.DeadLetterHeaders.LATE_BY_MS);
            var from = r.headers().lastHeader(org.fleetstreams.deadletter.DeadLetterHeaders.TOPIC);
            if (by != null && from != null) {
                lateBy.computeIfAbsent(new String(from.value()), k -> new ArrayList<>()).add(Long.parseLong(new String(by.value())));
            }
        }
        lateBy.forEach((topic, values) -> {
            Collections.sort(values);
            System.out.printf("late records from %s: %,d, late by p50 %,d ms, p99 %,d ms, max %,d ms%n", topic,
                    values.size(), values.get(values.size() / 2), values.get((int) (values.size() * 0.99)),
                    values.get(values.size() - 1));
        });
        System.out.printf("order check, %s at --speed %s, --fleet %d, settings %s: late-total %.0f, dead letters %d,"
                        + " dropped-records-total %.0f; %,d summaries for %,d distinct (ride, window) pairs (%,d repeated"
                        + " finals); samples in final summaries %,d of %,d expected (2 windows x %,d samples): %,d missing%n",
                data, speed, fleet, SETTINGS, late, deadLetters, dropped, summaries.size(), windows,
                summaries.size() - windows, counted, 2 * samples, samples, 2 * samples - counted);
    }

    static void latency(String bootstrap, Path data, int fleet) throws Exception {
        Topics topics = Topics.withPrefix("latency");
        AppConfig config = config(bootstrap, topics, "latency-app");
        try (Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            new TopicSetup(admin, Duration.ofSeconds(15)).ensure(topics.inputs(), 4, (short) 1, TopicSetup.defaultTopicConfig());
        }
        AppTopics.prepare(config, Duration.ofSeconds(15), new PrintWriter(new StringWriter()));
        // The probe reads the accelerometer input and the alerts. Per ride it keeps when each sample arrived; per
        // alert, the latency is its arrival minus the arrival of the ride's first sample at or after the event's end
        // + the 2 s merge gap: the sample that lets the detector emit it. Both arrivals are seen by consumers in this
        // JVM, a few ms after publication.
        Map<String, java.util.TreeMap<Long, Long>> sampleArrivals = new java.util.concurrent.ConcurrentHashMap<>();
        List<long[]> alertArrivals = Collections.synchronizedList(new ArrayList<>());
        List<String> alertRides = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-probe");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Thread probe = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new org.apache.kafka.common.serialization.StringDeserializer(),
                    new ByteArrayDeserializer())) {
                c.subscribe(List.of(topics.harshBraking(), topics.accelerations()));
                while (!stop.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(5))) {
                        long now = System.currentTimeMillis();
                        if (r.topic().equals(topics.accelerations())) {
                            sampleArrivals.computeIfAbsent(r.key(), k -> new java.util.TreeMap<>()).put(r.timestamp(), now);
                            continue;
                        }
                        HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().deserializer().deserialize(r.topic(), r.value());
                        if (alert.source().equals("accelerometer")) {
                            alertArrivals.add(new long[] {now, alert.endTime() + 2_000});
                            alertRides.add(alert.rideId());
                        }
                    }
                }
            }
        }, "latency-probe");
        List<Long> latencies = new ArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(FleetTopology.buildTopology(config), config.streamsProperties())) {
            streams.start();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            probe.start();
            replay(bootstrap, data, topics, 1, fleet, Instant.ofEpochMilli(System.currentTimeMillis()));
            Thread.sleep(5_000);
            stop.set(true);
            probe.join();
            streams.close(Duration.ofSeconds(30));
        }
        for (int k = 0; k < alertArrivals.size(); k++) {
            var trigger = sampleArrivals.getOrDefault(alertRides.get(k), new java.util.TreeMap<>())
                    .ceilingEntry(alertArrivals.get(k)[1]);
            if (trigger != null) {
                latencies.add(alertArrivals.get(k)[0] - trigger.getValue());
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("alert latency: no accelerometer alerts in the run");
            return;
        }
        System.out.printf("alert latency, " + data + " at --speed 1, --fleet " + fleet + " (%d accelerometer alerts; arrival at a read_committed"
                        + " consumer - arrival of the sample that lets the detector emit it): p50 %d ms, p99 %d ms, max %d ms (target p99 < 200 ms)%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)),
                sorted.get(sorted.size() - 1));
    }
}
