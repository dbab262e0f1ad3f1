package org.fleetstreams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.DriverRun;
import org.fleetstreams.app.ScratchDir;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.bench.AlertArrivals.Since;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Topics;
import org.fleetstreams.demo.WarmUp;
import org.fleetstreams.pipeline.LocalPipeline;
import org.fleetstreams.pipeline.Replay;

/**
 * The alert-latency figure of {@link AppBenchmark}: a fresh app on fresh topics, the replayer at {@code --speed 1}
 * (or {@code --latency-speed}) with the epoch set to now, so at 1x event time is wall time.
 *
 * <p>A probe reads both inputs and the alerts. Per alert it prints four latencies, all in wall time:
 * <ul>
 *   <li><b>after the brake's end</b>: its arrival minus the arrival of the ride's sample at the event's end: what
 *       the demo's "alerts within 1 s of wall time after the brake ends" asks, at the demo's speed.</li>
 *   <li><b>after the brake</b>: its arrival minus the arrival of the ride's first sample at or after the event's end +
 *       the 2 s merge gap (the earliest the detector could decide). What a dashboard user sees.</li>
 *   <li><b>after the deciding record</b>: minus the arrival of the ride's input record that let the detector decide
 *       (the alert's {@value HarshBraking#DECIDED_AT_HEADER} header): the sample at end + 2 s, or a later GPS fix that
 *       confirmed a brake the accelerometer alone left in doubt.</li>
 *   <li><b>after its input</b>: minus the moment every input the exact result needs had arrived. The merge
 *       ({@code readings-in-order}) lets a sample go once the GPS input of its partition has passed its time (its
 *       next fix, or a later sample's {@code FixesBefore} promise, whichever came first), and a fix once the
 *       accelerometer input has reached it: the later of the deciding record's arrival and that record's. The
 *       rest is the app's own work (processing, the exactly-once commit, the read_committed read).</li>
 * </ul>
 * The gaps between them are waits for input, set by the data (fixes every 1-4 s per car), not by the app. All
 * arrivals are seen by consumers in this JVM, a few ms after publication. A second probe reads the alerts
 * read_uncommitted, so "after its input" is also split in two: up to the app's write of the alert (its processing,
 * and any backlog of input it has not taken yet) and from the write to its commit (the exactly-once commit).
 */
final class AlertLatency {

    /** What the probes saw. */
    private final AlertArrivals arrivals = new AlertArrivals();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The detector's merge gap (ms), as configured: the earliest after a brake's end that it can be decided. */
    private volatile long mergeGapMs;
    /** Both probes have their partitions: a sample published before that would be stamped when they caught up. */
    private final CountDownLatch assigned = new CountDownLatch(2);

    private AlertLatency() {
    }

    static void run(BenchOptions options) throws Exception {
        Path data = options.liveData();
        AlertLatency probe = new AlertLatency();
        try (LocalPipeline pipeline = AppBenchmark.pipeline("latency", "latency-app", options)) {
            probe.mergeGapMs = Math.round(pipeline.appConfig().braking().mergeGapS() * 1000);
            if (options.warmUp()) {
                WarmUp.run(pipeline, data, ScratchDir.deletedAtExit("bench-warmup"), System.out);
            }
            measure(options, data, pipeline, probe);
        }
        // An alert that never came would only shorten the lists below: count against what the same topology gives
        long expected = DriverRun.alerts(data).stream().filter(a -> a.source().equals("accelerometer"))
                .count() * options.latencyFleet();
        System.out.printf("accelerometer alerts: %d received, %d expected (the topology in a TopologyTestDriver on the"
                + " same data, x fleet %d)%s%n", probe.arrivals.alerts(), expected, options.latencyFleet(),
                probe.arrivals.alerts() == expected ? "" : ": they differ (the live replay sends no closing"
                        + " records, so a brake decided by its ride's silence at the very end of a partition's data"
                        + " needs another ride's later record; --set braking.* changes the count too)");
        List<Long> afterEnd = probe.arrivals.latencies(Since.BRAKE_END);
        List<Long> afterBrake = probe.arrivals.latencies(Since.BRAKE);
        List<Long> afterDecider = probe.arrivals.latencies(Since.DECIDING_RECORD);
        List<Long> afterInput = probe.arrivals.latencies(Since.INPUT);
        if (afterBrake.isEmpty()) {
            System.out.println("alert latency: no accelerometer alerts in the run");
            return;
        }
        String run = data + " at --speed " + options.latencySpeed() + ", --fleet " + options.latencyFleet() + ", "
                + options.partitions() + " partitions";
        print("alert latency after the brake's end, " + run + " (arrival at a read_committed consumer - arrival of the"
                + " ride's sample at the event's end; includes the 2 s merge gap / speed)", afterEnd,
                "the demo's target: within 1 s of wall time");
        System.out.printf("  (the %d alerts end at %d distinct event times: a fleet's copies of a ride share their times, and"
                + " their partition's GPS fixes, so alerts at one time are one measurement, repeated)%n", afterEnd.size(),
                probe.arrivals.distinctBrakeEnds());
        print("alert latency after the brake, same alerts (arrival at a read_committed consumer - arrival of the ride's"
                + " sample at the event's end + 2 s)", afterBrake);
        print("alert latency after the deciding record, same alerts (- arrival of the ride's record named in the alert's"
                + " " + HarshBraking.DECIDED_AT_HEADER + " header)", afterDecider);
        print("alert latency after its input, same alerts (- the moment the merge could let that record go: the other"
                + " input of its partition at or past its time, or a later sample's FixesBefore promise)", afterInput);
        List<Long> toWrite = probe.arrivals.written(true);
        List<Long> toVisible = probe.arrivals.written(false);
        if (!toWrite.isEmpty()) {
            print("  of which: its input to the app's write (seen by a read_uncommitted consumer)", toWrite, "");
            print("  and: the write to its commit (seen by the read_committed consumer)", toVisible, "");
        }
        probe.arrivals.printPerBrake();
        List<Long> silent = probe.arrivals.silentAfterEnd();
        if (!silent.isEmpty()) {
            print("alerts decided by their ride's silence (a brake at the ride's very end, decided once its task's time"
                    + " passed the ride's last record by 1.5 s + the tolerated disorder), not in the figures above: after"
                    + " the brake's end", silent, "");
        }
    }

    /** The app on {@code pipeline} beside a live replay, with the probe reading inputs and alerts. */
    private static void measure(BenchOptions options, Path data, LocalPipeline pipeline, AlertLatency probe)
            throws Exception {
        try (StreamsRunner app = pipeline.startApp()) {
            app.awaitRunning(Duration.ofMinutes(5));
            Thread reader = new Thread(() -> probe.read(pipeline.bootstrapServers(), pipeline.topics()), "latency-probe");
            reader.start();
            Thread uncommitted = new Thread(() -> probe.readUncommitted(pipeline.bootstrapServers(), pipeline.topics()),
                    "latency-probe-uncommitted");
            uncommitted.start();
            if (!probe.assigned.await(60, TimeUnit.SECONDS)) {
                probe.stop.set(true); // the probes' threads end, and the JVM with them
                throw new IllegalStateException("the latency probes got no partitions within 60 s");
            }
            pipeline.replay(Replay.of(data).atSpeed(options.latencySpeed()).withFleet(options.latencyFleet())
                    .withEpoch(Instant.ofEpochMilli(System.currentTimeMillis())).withFixesBefore(options.fixesBefore()));
            // Wait for the app to commit every input record (its alerts are in the same transactions), not a fixed
            // time: an app that falls behind would otherwise lose its last alerts from the figures without a word.
            long ended = System.nanoTime();
            boolean caughtUp = pipeline.awaitCommitted(pipeline.appConfig().applicationId(), Duration.ofSeconds(120));
            System.out.printf("the app committed every input record %.1f s after the replay ended%s%n",
                    (System.nanoTime() - ended) / 1e9, caughtUp ? "" : " (gave up waiting: alerts after that are not counted)");
            Thread.sleep(1_000); // the probe's last read_committed polls
            probe.stop.set(true);
            reader.join();
            uncommitted.join();
        }
    }

    private static void print(String what, List<Long> sorted) {
        print(what, sorted, "target p99 < 200 ms");
    }

    private static void print(String what, List<Long> sorted, String target) {
        System.out.printf("%s: %d alerts, p50 %d ms, p99 %d ms, max %d ms%s%n", what, sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)),
                sorted.get(sorted.size() - 1), target.isEmpty() ? "" : " (" + target + ")");
    }

    /** A consumer of the probe's, from the earliest offset, at {@code isolation} (read_committed or read_uncommitted). */
    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, String isolation, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void read(String bootstrap, Topics topics) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, "read_committed", "latency-probe")) {
            c.subscribe(List.of(topics.harshBraking(), topics.accelerations(), topics.locations()));
            boolean counted = false;
            while (!stop.get()) {
                ConsumerRecords<String, byte[]> polled = c.poll(Duration.ofMillis(5));
                if (!counted && !c.assignment().isEmpty()) {
                    assigned.countDown();
                    counted = true;
                }
                for (ConsumerRecord<String, byte[]> r : polled) {
                    long now = System.currentTimeMillis();
                    if (r.topic().equals(topics.accelerations())) {
                        arrivals.sampleArrived(r.key(), r.partition(), r.timestamp(), now,
                                r.headers().lastHeader(FixesBefore.HEADER) != null);
                        continue;
                    }
                    if (r.topic().equals(topics.locations())) {
                        arrivals.fixArrived(r.key(), r.partition(), r.timestamp(), now);
                        continue;
                    }
                    HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().fromBytes(r.value());
                    if (alert.source().equals("accelerometer")) {
                        arrivals.alertCommitted(alert, now, mergeGapMs, r.headers().lastHeader(HarshBraking.DECIDED_AT_HEADER));
                    }
                }
            }
        }
    }

    /**
     * The alerts as the app writes them, before its transaction commits: splits "after its input" into the app's
     * processing up to the write and the wait for the commit to make it visible. An alert written again after an
     * aborted transaction counts from its first write, so an abort shows in the second part.
     */
    private void readUncommitted(String bootstrap, Topics topics) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap, "read_uncommitted", "latency-probe-uncommitted")) {
            c.subscribe(List.of(topics.harshBraking()));
            boolean counted = false;
            while (!stop.get()) {
                ConsumerRecords<String, byte[]> polled = c.poll(Duration.ofMillis(5));
                if (!counted && !c.assignment().isEmpty()) {
                    assigned.countDown();
                    counted = true;
                }
                for (ConsumerRecord<String, byte[]> r : polled) {
                    long now = System.currentTimeMillis();
                    HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().fromBytes(r.value());
                    if (alert.source().equals("accelerometer")) {
                        arrivals.alertSeenWritten(alert, now);
                    }
                }
            }
        }
    }
}
