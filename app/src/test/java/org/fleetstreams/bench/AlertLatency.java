package org.fleetstreams.bench;

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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.braking.HarshBraking;
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
 *       ({@code readings-in-order}) lets a sample go once the GPS input of its partition has passed its time, and a
 *       fix once the accelerometer input has reached it: the later of the deciding record's arrival and that
 *       record's. The rest is the app's own work (processing, the exactly-once commit, the read_committed read).</li>
 * </ul>
 * The gaps between them are waits for input, set by the data (fixes every 1-4 s per car), not by the app. All
 * arrivals are seen by consumers in this JVM, a few ms after publication. A second probe reads the alerts
 * read_uncommitted, so "after its input" is also split in two: up to the app's write of the alert (its processing,
 * and any backlog of input it has not taken yet) and from the write to its commit (the exactly-once commit).
 */
final class AlertLatency {

    private final Map<String, TreeMap<Long, Long>> sampleArrivals = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Long, Long>> rideFixArrivals = new ConcurrentHashMap<>();
    /** Per input partition: event time → first arrival, of GPS fixes and of samples. */
    private final Map<Integer, TreeMap<Long, Long>> fixArrivals = new ConcurrentHashMap<>();
    private final Map<Integer, TreeMap<Long, Long>> partitionSampleArrivals = new ConcurrentHashMap<>();
    private final List<String> alertDecidedAt = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> ridePartitions = new ConcurrentHashMap<>();
    private final List<long[]> alertArrivals = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alertRides = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The detector's merge gap (ms), as configured: the earliest after a brake's end that it can be decided. */
    private volatile long mergeGapMs;
    /** Both probes have their partitions: a sample published before that would be stamped when they caught up. */
    private final java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(2);
    /** Per accelerometer alert (ride and end time): when a read_uncommitted consumer first saw it, before its commit. */
    private final Map<String, Long> alertWritten = new ConcurrentHashMap<>();

    private AlertLatency() {
    }

    static void run(BenchOptions options) throws Exception {
        Path data = options.liveData();
        AlertLatency probe = new AlertLatency();
        try (LocalPipeline pipeline = AppBenchmark.pipeline("latency", "latency-app", options)) {
            probe.mergeGapMs = Math.round(pipeline.appConfig().braking().mergeGapS() * 1000);
            if (options.warmUp()) {
                WarmUp.run(pipeline, data, Files.createTempDirectory("bench-warmup"), System.out);
            }
            measure(options, data, pipeline, probe);
        }
        // An alert that never came would only shorten the lists below: count against what the same topology gives
        long expected = org.fleetstreams.app.DriverRun.alerts(data).stream().filter(a -> a.source().equals("accelerometer"))
                .count() * options.latencyFleet();
        System.out.printf("accelerometer alerts: %d received, %d expected (the topology in a TopologyTestDriver on the"
                + " same data, x fleet %d)%s%n", probe.alertArrivals.size(), expected, options.latencyFleet(),
                probe.alertArrivals.size() == expected ? "" : ": they differ (the live replay sends no closing"
                        + " records, so a brake decided by its ride's silence at the very end of a partition's data"
                        + " needs another ride's later record; --set braking.* changes the count too)");
        List<Long> afterEnd = probe.latencies(Since.BRAKE_END);
        List<Long> afterBrake = probe.latencies(Since.BRAKE);
        List<Long> afterDecider = probe.latencies(Since.DECIDING_RECORD);
        List<Long> afterInput = probe.latencies(Since.INPUT);
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
                probe.distinctBrakeEnds());
        print("alert latency after the brake, same alerts (arrival at a read_committed consumer - arrival of the ride's"
                + " sample at the event's end + 2 s)", afterBrake);
        print("alert latency after the deciding record, same alerts (- arrival of the ride's record named in the alert's"
                + " " + HarshBraking.DECIDED_AT_HEADER + " header)", afterDecider);
        print("alert latency after its input, same alerts (- the moment the merge could let that record go: the other"
                + " input of its partition at or past its time)", afterInput);
        List<Long> toWrite = probe.written(true);
        List<Long> toVisible = probe.written(false);
        if (!toWrite.isEmpty()) {
            print("  of which: its input to the app's write (seen by a read_uncommitted consumer)", toWrite, "");
            print("  and: the write to its commit (seen by the read_committed consumer)", toVisible, "");
        }
        probe.printPerBrake();
        List<Long> silent = probe.silentAfterEnd();
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
            if (!probe.assigned.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                probe.stop.set(true); // the probes' threads end, and the JVM with them
                throw new IllegalStateException("the latency probes got no partitions within 60 s");
            }
            pipeline.replay(Replay.of(data).atSpeed(options.latencySpeed()).withFleet(options.latencyFleet())
                    .withEpoch(Instant.ofEpochMilli(System.currentTimeMillis())));
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

    /** How many distinct brake-end event times the alerts have: the independent measurements among them. */
    private long distinctBrakeEnds() {
        synchronized (alertArrivals) {
            return java.util.stream.IntStream.range(0, alertArrivals.size()).filter(k -> !decidedBySilence(k))
                    .mapToLong(k -> alertArrivals.get(k)[2]).distinct().count();
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

    /** One accelerometer alert's identity across the two probes. */
    private static String alertKey(String ride, long endTime) {
        return ride + "@" + endTime;
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
                        sampleArrivals.computeIfAbsent(r.key(), k -> new TreeMap<>()).putIfAbsent(r.timestamp(), now);
                        ridePartitions.putIfAbsent(r.key(), r.partition());
                        partitionSampleArrivals.computeIfAbsent(r.partition(), k -> new TreeMap<>())
                                .putIfAbsent(r.timestamp(), now);
                        continue;
                    }
                    if (r.topic().equals(topics.locations())) {
                        rideFixArrivals.computeIfAbsent(r.key(), k -> new TreeMap<>()).putIfAbsent(r.timestamp(), now);
                        fixArrivals.computeIfAbsent(r.partition(), k -> new TreeMap<>()).putIfAbsent(r.timestamp(), now);
                        continue;
                    }
                    HarshBrakingAlert alert = FleetSerdes.harshBrakingAlert().fromBytes(r.value());
                    if (alert.source().equals("accelerometer")) {
                        alertArrivals.add(new long[] {now, alert.endTime() + mergeGapMs, alert.endTime()});
                        alertRides.add(alert.rideId());
                        Header decided = r.headers().lastHeader(HarshBraking.DECIDED_AT_HEADER);
                        alertDecidedAt.add(decided == null ? "" : new String(decided.value(), StandardCharsets.UTF_8));
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
                        alertWritten.putIfAbsent(alertKey(alert.rideId(), alert.endTime()), now);
                    }
                }
            }
        }
    }

    /**
     * One line per distinct brake (alerts of one end time: a fleet's copies of a ride), where its latency goes, in ms
     * after the deciding record arrived, min-max over the copies: the partition's next GPS fix (which the merge waits
     * for before it lets a sample go), the alert's write (read_uncommitted) and its commit (read_committed).
     */
    private void printPerBrake() {
        Map<Long, Brake> byEnd = new TreeMap<>();
        for (int k = 0; k < alertArrivals.size(); k++) {
            String ride = alertRides.get(k);
            String decided = alertDecidedAt.get(k);
            int colon = decided.indexOf(':');
            Long from = decidingArrival(ride, decided, false);
            Integer partition = ridePartitions.get(ride);
            if (colon < 0 || from == null || partition == null || fixArrivals.get(partition) == null) {
                continue;
            }
            long t = Long.parseLong(decided.substring(colon + 1));
            Brake brake = byEnd.computeIfAbsent(alertArrivals.get(k)[2], e -> new Brake());
            brake.decidedAfterEnd = t - alertArrivals.get(k)[2];
            Map.Entry<Long, Long> fix = fixArrivals.get(partition).ceilingEntry(t + 1);
            if (fix != null) {
                brake.fixAhead = fix.getKey() - t;
                brake.fix.add(fix.getValue() - from);
            }
            Long written = alertWritten.get(alertKey(ride, alertArrivals.get(k)[2]));
            if (written != null) {
                brake.written.add(written - from);
            }
            brake.committed.add(alertArrivals.get(k)[0] - from);
        }
        System.out.println("  per brake, in ms after its deciding record arrived (min..max over the copies of the ride):");
        byEnd.forEach((end, b) -> System.out.printf("    ended %s, decided by its ride's record %s ms of event time"
                + " after the end (the first at or past end + merge gap; the data's own gaps show here): the partition's"
                + " next GPS fix (%s ms later in event time) arrived +%s, the alert was written +%s, committed (read) +%s%n",
                Instant.ofEpochMilli(end), b.decidedAfterEnd, b.fixAhead == null ? "?" : b.fixAhead, b.fix, b.written,
                b.committed));
    }

    /** One brake's figures over the copies of its ride. */
    private static final class Brake {
        Long fixAhead;
        long decidedAfterEnd;
        final Range fix = new Range();
        final Range written = new Range();
        final Range committed = new Range();
    }

    private static final class Range {
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        void add(long v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        @Override
        public String toString() {
            return min > max ? "?" : min + ".." + max;
        }
    }

    private enum Since { BRAKE_END, BRAKE, DECIDING_RECORD, INPUT }

    /** Whether alert {@code k} was decided by its ride's silence (a brake at the ride's very end). */
    private boolean decidedBySilence(int k) {
        return alertDecidedAt.get(k).startsWith("silent:");
    }

    /**
     * Each alert's latency behind the brake, its deciding record, or all the input it needs (see the class doc), sorted.
     * Alerts decided by their ride's silence are left out ({@link #silentAfterEnd}): they wait for the silence by design.
     */
    private List<Long> latencies(Since since) {
        List<Long> latencies = new ArrayList<>();
        for (int k = 0; k < alertArrivals.size(); k++) {
            if (decidedBySilence(k)) {
                continue;
            }
            String ride = alertRides.get(k);
            Long from = switch (since) {
                case BRAKE_END -> arrival(sampleArrivals.get(ride), alertArrivals.get(k)[2]);
                case BRAKE -> arrival(sampleArrivals.get(ride), alertArrivals.get(k)[1]);
                default -> decidingArrival(ride, alertDecidedAt.get(k), since == Since.INPUT);
            };
            if (from != null) {
                latencies.add(alertArrivals.get(k)[0] - from);
            }
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** The alerts decided by their ride's silence: arrival at the read_committed consumer - the sample at the event's end. */
    private List<Long> silentAfterEnd() {
        List<Long> latencies = new ArrayList<>();
        for (int k = 0; k < alertArrivals.size(); k++) {
            Long from = decidedBySilence(k) ? arrival(sampleArrivals.get(alertRides.get(k)), alertArrivals.get(k)[2]) : null;
            if (from != null) {
                latencies.add(alertArrivals.get(k)[0] - from);
            }
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** Per alert seen both ways: its input to its write ({@code toWrite}), or its write to its commit, sorted. */
    private List<Long> written(boolean toWrite) {
        List<Long> latencies = new ArrayList<>();
        for (int k = 0; k < alertArrivals.size(); k++) {
            if (decidedBySilence(k)) {
                continue;
            }
            String ride = alertRides.get(k);
            Long written = alertWritten.get(alertKey(ride, alertArrivals.get(k)[2]));
            Long input = decidingArrival(ride, alertDecidedAt.get(k), true);
            if (written != null && input != null) {
                latencies.add(toWrite ? written - input : alertArrivals.get(k)[0] - written);
            }
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** When the deciding record arrived (null: not seen), or, with {@code merged}, when the merge could let it go. */
    private Long decidingArrival(String ride, String decidedAt, boolean merged) {
        int colon = decidedAt.indexOf(':');
        if (colon < 0 || decidedAt.startsWith("silent:")) {
            return null; // decided by the ride's silence, at another ride's record: none of its own to measure from
        }
        boolean fix = decidedAt.startsWith("fix");
        long t = Long.parseLong(decidedAt.substring(colon + 1));
        Long own = arrival((fix ? rideFixArrivals : sampleArrivals).get(ride), t);
        if (own == null || !merged) {
            return own;
        }
        Integer partition = ridePartitions.get(ride);
        // a sample waits for the GPS input to pass its time; a fix for the accelerometer input to reach it
        Long other = fix ? arrival(partitionSampleArrivals.get(partition), t)
                : arrival(fixArrivals.get(partition), t + 1);
        return other == null ? own : Math.max(own, other);
    }

    /** The first arrival at or after event time {@code t} in {@code arrivals}. */
    private static Long arrival(TreeMap<Long, Long> arrivals, long t) {
        if (arrivals == null) {
            return null;
        }
        Map.Entry<Long, Long> e = arrivals.ceilingEntry(t);
        return e == null ? null : e.getValue();
    }
}
