package org.fleetstreams.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.tools.ConsumerPerformance;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicSetup;
import org.fleetstreams.pipeline.LocalPipeline;

/** The throughput figures of {@link AppBenchmark}: Kafka's consumer, Kafka Streams' pass-through, the app. */
final class ThroughputRun {

    /** The pass-through's output topic. */
    static final String PASS_THROUGH_OUT = "bench-passthrough-out";

    private ThroughputRun() {
    }

    /** Kafka's {@code ConsumerPerformance} over both inputs: records/s. */
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

    /** The framework's own floor: both inputs copied as bytes to one topic, nothing parsed, no state. */
    static Topology passThrough(Topics topics) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-source"))
                .to(PASS_THROUGH_OUT, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-sink"));
        return builder.build();
    }

    /**
     * Runs {@code topology} on {@code config} from offset 0 until its group has committed every input record but the
     * closing ones. Returns the seconds from RUNNING to caught up, from the start to caught up, and the CPU seconds of
     * the client's threads (see {@link #clientCpuSeconds}).
     */
    static double[] runUntilCaughtUp(LocalPipeline pipeline, AppConfig config, Topology topology) throws Exception {
        long start = System.nanoTime();
        try (StreamsRunner app = pipeline.newApp(config, topology);
             Admin admin = KafkaConnection.connect(config.streamsProperties(), Duration.ofSeconds(15))) {
            app.start();
            if (!app.awaitRunning(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the app did not reach RUNNING: " + app.streams().state(), app.failure());
            }
            long running = app.firstRunningNanos(); // not after awaitRunning's wait for the producers' lookups
            String streamThreads = app.streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName)
                    .findFirst().orElse(config.applicationId());
            CpuWaits.Sample atRunning = CpuWaits.ofThreadsNamedLike(streamThreads);
            TopicSetup setup = new TopicSetup(admin, Duration.ofSeconds(15));
            boolean done = false;
            while (!done) {
                Thread.sleep(250);
                done = setup.groupLags(config.applicationId(), config.topics().inputs()).values().stream()
                        .allMatch(lag -> lag <= 1); // only the closing record may wait
                if (app.isDown()) {
                    throw new IllegalStateException("the app failed", app.failure());
                }
            }
            long end = System.nanoTime();
            double cpu = clientCpuSeconds(config.applicationId());
            CpuWaits.Sample atEnd = CpuWaits.ofThreadsNamedLike(streamThreads);
            if (atRunning != null && atEnd != null) {
                System.out.println("  " + atEnd.since(atRunning).describe("stream thread(s)", (end - running) / 1e9));
            }
            printWrites(admin, config.applicationId());
            if (Boolean.getBoolean("bench.metrics")) {
                printMetrics(app.streams());
            }
            return new double[] {(end - running) / 1e9, (end - start) / 1e9, cpu};
        }
    }

    /**
     * CPU seconds used so far by the Kafka Streams client's own threads (its stream threads and their producers'
     * network threads, named after the application id), not the broker's. Unlike a rate, this barely depends on what
     * else the machine runs, so it tells two builds apart on a busy machine.
     */
    static double clientCpuSeconds(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(applicationId + "-")) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    /**
     * What the app wrote to its internal topics (changelogs), per topic: end offsets summed over partitions, so
     * records plus one transaction marker per partition and commit. The work per input record that the throughput
     * depends on, and unlike a rate it does not depend on the machine's load.
     */
    static void printWrites(Admin admin, String applicationId) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription d : admin.describeTopics(admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(applicationId + "-")).toList()).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<String, Long> perTopic = new TreeMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) ->
                perTopic.merge(tp.topic().substring(applicationId.length() + 1), info.offset(), Long::sum));
        System.out.printf("  internal topics written (records + transaction markers): %,d in all: %s%n",
                perTopic.values().stream().mapToLong(Long::longValue).sum(), perTopic);
    }

    private static void printMetrics(KafkaStreams streams) {
        for (String m : List.of("enforced-processing-total", "process-total", "poll-total", "commit-total",
                "poll-ratio", "process-ratio", "commit-ratio", "punctuate-ratio", "dropped-records-total")) {
            System.out.printf("  %s: %s%n", m, streams.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals(m))
                    .map(e -> e.getKey().tags().getOrDefault("task-id", e.getKey().group()) + "=" + e.getValue().metricValue())
                    .toList());
        }
    }
}
