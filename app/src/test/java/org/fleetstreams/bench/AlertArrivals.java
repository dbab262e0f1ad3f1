package org.fleetstreams.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.fleetstreams.common.HarshBrakingAlert;

/**
 * What {@link AlertLatency}'s probes saw, each record's first arrival in wall time by event time, and the latencies
 * derived from it: per alert behind the brake's end, the brake, its deciding record or its input (as its doc
 * defines them), up to its write and to its commit, and per distinct brake where the time went.
 */
final class AlertArrivals {

    private final Map<String, TreeMap<Long, Long>> sampleArrivals = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Long, Long>> rideFixArrivals = new ConcurrentHashMap<>();
    /** Per input partition: event time → first arrival, of GPS fixes and of samples. */
    private final Map<Integer, TreeMap<Long, Long>> fixArrivals = new ConcurrentHashMap<>();
    private final Map<Integer, TreeMap<Long, Long>> partitionSampleArrivals = new ConcurrentHashMap<>();
    /** Per input partition: event time → first arrival, of samples with the replayer's FixesBefore promise. */
    private final Map<Integer, TreeMap<Long, Long>> promiseArrivals = new ConcurrentHashMap<>();
    private final List<String> alertDecidedAt = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> ridePartitions = new ConcurrentHashMap<>();
    private final List<long[]> alertArrivals = Collections.synchronizedList(new ArrayList<>());
    private final List<String> alertRides = Collections.synchronizedList(new ArrayList<>());
    /** Per accelerometer alert (ride and end time): when a read_uncommitted consumer first saw it, before its commit. */
    private final Map<String, Long> alertWritten = new ConcurrentHashMap<>();

    /**
     * A ride's sample at event time {@code t}, in input partition {@code partition}, arrived at {@code now};
     * {@code promise}: it carried the replayer's {@code FixesBefore} header.
     */
    void sampleArrived(String ride, int partition, long t, long now, boolean promise) {
        sampleArrivals.computeIfAbsent(ride, k -> new TreeMap<>()).putIfAbsent(t, now);
        ridePartitions.putIfAbsent(ride, partition);
        partitionSampleArrivals.computeIfAbsent(partition, k -> new TreeMap<>()).putIfAbsent(t, now);
        if (promise) {
            promiseArrivals.computeIfAbsent(partition, k -> new TreeMap<>()).putIfAbsent(t, now);
        }
    }

    /** A ride's GPS fix at event time {@code t}, in input partition {@code partition}, arrived at {@code now}. */
    void fixArrived(String ride, int partition, long t, long now) {
        rideFixArrivals.computeIfAbsent(ride, k -> new TreeMap<>()).putIfAbsent(t, now);
        fixArrivals.computeIfAbsent(partition, k -> new TreeMap<>()).putIfAbsent(t, now);
    }

    /**
     * An accelerometer alert read committed at {@code now}; {@code mergeGapMs} after its end is the earliest it could be
     * decided, {@code decided} its header naming the record that decided it.
     */
    void alertCommitted(HarshBrakingAlert alert, long now, long mergeGapMs, Header decided) {
        alertArrivals.add(new long[] {now, alert.endTime() + mergeGapMs, alert.endTime()});
        alertRides.add(alert.rideId());
        alertDecidedAt.add(decided == null ? "" : new String(decided.value(), StandardCharsets.UTF_8));
    }

    /** An accelerometer alert first seen written, before its commit, at {@code now}. */
    void alertSeenWritten(HarshBrakingAlert alert, long now) {
        alertWritten.putIfAbsent(alertKey(alert.rideId(), alert.endTime()), now);
    }

    /** The accelerometer alerts read committed. */
    int alerts() {
        return alertArrivals.size();
    }

    /** How many distinct brake-end event times the alerts have: the independent measurements among them. */
    long distinctBrakeEnds() {
        synchronized (alertArrivals) {
            return IntStream.range(0, alertArrivals.size()).filter(k -> !decidedBySilence(k))
                    .mapToLong(k -> alertArrivals.get(k)[2]).distinct().count();
        }
    }

    /** One accelerometer alert's identity across the two probes. */
    private static String alertKey(String ride, long endTime) {
        return ride + "@" + endTime;
    }

    /**
     * One line per distinct brake (alerts of one end time: a fleet's copies of a ride), where its latency goes, in ms
     * after the deciding record arrived, min-max over the copies: the partition's next GPS fix and its next sample with
     * a promise (the first of which the merge waits for before it lets a sample go), the alert's write
     * (read_uncommitted) and its commit (read_committed).
     */
    void printPerBrake() {
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
            Long promise = arrival(promiseArrivals.get(partition), t + 1);
            if (promise != null) {
                brake.promise.add(promise - from);
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
                + " next GPS fix (%s ms later in event time) arrived +%s, its next sample with a FixesBefore promise +%s,"
                + " the alert was written +%s, committed (read) +%s%n", Instant.ofEpochMilli(end), b.decidedAfterEnd,
                b.fixAhead == null ? "?" : b.fixAhead, b.fix, b.promise, b.written, b.committed));
    }

    /** One brake's figures over the copies of its ride. */
    private static final class Brake {
        Long fixAhead;
        long decidedAfterEnd;
        final Range fix = new Range();
        final Range promise = new Range();
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

    enum Since { BRAKE_END, BRAKE, DECIDING_RECORD, INPUT }

    /** Whether alert {@code k} was decided by its ride's silence (a brake at the ride's very end), or the inputs' stop. */
    private boolean decidedBySilence(int k) {
        return bySilence(alertDecidedAt.get(k));
    }

    private static boolean bySilence(String decidedAt) {
        return decidedAt.startsWith("silent:") || decidedAt.startsWith("stopped:");
    }

    /**
     * Each alert's latency behind the brake, its deciding record, or all the input it needs (see {@link AlertLatency}), sorted.
     * Alerts decided by their ride's silence are left out ({@link #silentAfterEnd}): they wait for the silence by design.
     */
    List<Long> latencies(Since since) {
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
    List<Long> silentAfterEnd() {
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
    List<Long> written(boolean toWrite) {
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
        if (colon < 0 || bySilence(decidedAt)) {
            return null; // decided by the ride's silence (at another ride's record, or the stop): none of its own to measure from
        }
        boolean fix = decidedAt.startsWith("fix");
        long t = Long.parseLong(decidedAt.substring(colon + 1));
        Long own = arrival((fix ? rideFixArrivals : sampleArrivals).get(ride), t);
        if (own == null || !merged) {
            return own;
        }
        Integer partition = ridePartitions.get(ride);
        // a sample waits for the GPS input to pass its time (the next fix, or a later sample's promise, taken as met
        // when it arrives: the fixes it names have usually arrived long before); a fix for the accelerometer input to
        // reach it
        Long other = fix ? arrival(partitionSampleArrivals.get(partition), t)
                : earlier(arrival(fixArrivals.get(partition), t + 1), arrival(promiseArrivals.get(partition), t + 1));
        return other == null ? own : Math.max(own, other);
    }

    private static Long earlier(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
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
