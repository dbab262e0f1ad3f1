package org.fleetstreams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;

/**
 * {@code --order-check}: does event-time order hold while the app runs beside a live replay? The app (with any
 * {@code --set}) processes a replay at {@code --order-speed}; afterwards every window is closed, and the samples
 * counted in the final summaries are compared with the truth: with 30 s windows every 15 s each sample lies in exactly
 * two windows. A sample the windows dropped as too late shows up as missing, whether or not Kafka Streams counted it.
 */
final class OrderCheck {

    private OrderCheck() {
    }

    static void run(BenchOptions options) throws Exception {
        Path data = options.liveData();
        long epoch = System.currentTimeMillis();
        double dropped;
        double late;
        try (LocalPipeline pipeline = AppBenchmark.pipeline("order", "order-app", options)) {
            Topics topics = pipeline.topics();
            String bootstrap = pipeline.bootstrapServers();
            double cpu;
            String applicationId = pipeline.appConfig().applicationId();
            try (StreamsRunner app = pipeline.startApp()) {
                app.awaitRunning(Duration.ofMinutes(5));
                double cpuAtStart = ThroughputRun.clientCpuSeconds(applicationId);
                pipeline.replay(Replay.of(data).atSpeed(options.orderSpeed()).withFleet(options.latencyFleet())
                        .withEpoch(Instant.ofEpochMilli(epoch)).withFixesBefore(options.fixesBefore()));
                pipeline.closeWindowsWhenCaughtUp(epoch + 3_600_000, Duration.ofSeconds(300));
                pipeline.awaitCommitted(pipeline.appConfig().applicationId(), Duration.ofMinutes(10));
                cpu = ThroughputRun.clientCpuSeconds(applicationId) - cpuAtStart;
                dropped = metric(app.streams(), "dropped-records-total");
                System.out.printf("enforced-processing-total %.0f%n", metric(app.streams(), "enforced-processing-total"));
                late = metric(app.streams(), "late-total");
                System.out.printf("commits of the stream threads: %.0f, %.1f ms on average (mean of the threads')%n",
                        threadMetric(app.streams(), "commit-total"), threadMetric(app.streams(), "commit-latency-avg")
                                / Math.max(1, app.streams().metadataForLocalThreads().size()));
                try (Admin admin = KafkaConnection.connect(pipeline.appConfig().streamsProperties(), Duration.ofSeconds(15))) {
                    ThroughputRun.printWrites(admin, pipeline.appConfig().applicationId());
                }
            }
            long samples = TopicReader.readAll(bootstrap, topics.accelerations(), Duration.ofSeconds(60)).stream()
                    .filter(r -> !ClosingRecords.isClosing(r.key())).count();
            List<CarSummary> summaries = TopicReader.readAll(bootstrap, topics.carSummaries(), Duration.ofSeconds(60)).stream()
                    .map(r -> FleetSerdes.carSummary().fromBytes(r.value()))
                    .filter(summary -> !ClosingRecords.isClosing(summary.rideId())).toList();
            long fixes = TopicReader.readAll(bootstrap, topics.locations(), Duration.ofSeconds(60)).stream()
                    .filter(r -> !ClosingRecords.isClosing(r.key())).count();
            // Live, the records come a few at a time and most samples wait for their partition's next GPS fix: the
            // work per record differs from a catch-up's (the throughput run). Includes the client's idle polling.
            System.out.printf("CPU of the Kafka Streams client's threads per input record, live: %.1f us (%,d records)%n",
                    cpu * 1e6 / (samples + fixes), samples + fixes);
            long counted = summaries.stream().mapToLong(CarSummary::accelSamples).sum();
            long windows = summaries.stream().map(summary -> summary.rideId() + "@" + summary.windowStart()).distinct().count();
            List<ConsumerRecord<String, byte[]>> deadRecords = TopicReader.readAll(bootstrap, topics.deadLetters(),
                    Duration.ofSeconds(60));
            printLateness(deadRecords);
            System.out.printf("order check, %s at --speed %s, --fleet %d, settings %s: late-total %.0f, dead letters %d,"
                            + " dropped-records-total %.0f; %,d summaries for %,d distinct (ride, window) pairs (%,d repeated"
                            + " finals); samples in final summaries %,d of %,d expected (2 windows x %,d samples): %,d missing%n",
                    data, options.orderSpeed(), options.latencyFleet(), options.settings(), late, deadRecords.size(), dropped,
                    summaries.size(), windows, summaries.size() - windows, counted, 2 * samples, samples, 2 * samples - counted);
        }
    }

    /** How late the late records were, per input topic. */
    private static void printLateness(List<ConsumerRecord<String, byte[]>> deadRecords) {
        Map<String, List<Long>> lateBy = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : deadRecords) {
            Header by = r.headers().lastHeader(DeadLetterHeaders.LATE_BY_MS);
            Header from = r.headers().lastHeader(DeadLetterHeaders.TOPIC);
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
    }

    private static double threadMetric(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name)
                        && e.getKey().group().equals("stream-thread-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static double metric(KafkaStreams streams, String name) {
        return streams.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
