package org.fleetstreams.demo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fleetstreams.replay.AckListener;
import org.fleetstreams.replay.data.SensorKind;

/**
 * The pairs the input records acknowledged by the broker make, per partition, for the demo's {@code app behind}: which
 * joined output the app can have written. A pair is a sample and a fix of one ride at most the join's time difference
 * apart, and its time is the later of the two, as the app writes it.
 *
 * <p>Why not the latest record published: in the real BDD data every ride's samples come in bursts of about a second
 * every 3-4 s (the same seconds for every ride), and rides start at different times. Measured against the latest
 * record, the seconds between two bursts counted as the app's lag (3.3 s at looks right after a burst began, at 5x and
 * 10x alike, where the app's output followed within about 0.1 s of wall time), and so did the 49.5 s before a
 * partition's first ride started. So the pairs are kept as spans without a pause longer than {@value #PAUSE_MS} ms,
 * and the app is behind by the pairs since the first one it has not written ({@link #unwrittenFrom}).
 *
 * <p>Pairs are found as the acknowledgements come, against each ride's records of the other kind within the join's
 * difference. The replayer publishes in event-time order, but the broker acknowledges the two topics' partitions
 * separately, so a ride's records may be told of slightly out of order; each ride keeps its last
 * {@value #KEPT_MS} ms beyond the difference for that. A record the app refuses (a dead letter) still counts here: its
 * pairs read as unwritten until the app writes a later one. Written by the replay producer's I/O thread, read by the
 * view's.
 */
final class JoinFrontier implements AckListener {

    /** A pause in a partition's pairs longer than this (event time) is a gap with nothing to write, not lag. */
    static final long PAUSE_MS = 250;
    /** How far behind its latest record of a kind a ride's record may still be told of and pair. */
    static final long KEPT_MS = 1_000;

    private final long differenceMs;
    /** Per ride (its key): the times of its recent fixes [0] and samples [1]. */
    private final Map<ByteBuffer, List<NavigableSet<Long>>> rides = new HashMap<>();
    /** Per partition, spans of pair times (start to end), disjoint and more than a pause apart. */
    private final List<TreeMap<Long, Long>> spans = new ArrayList<>();

    /** @param differenceMs the join's time difference: a sample and a fix at most this far apart pair */
    JoinFrontier(long differenceMs) {
        this.differenceMs = differenceMs;
    }

    @Override
    public synchronized void acknowledged(SensorKind kind, int partition, byte[] key, long eventTime) {
        while (spans.size() <= partition) {
            spans.add(new TreeMap<>());
        }
        List<NavigableSet<Long>> ride = rides.computeIfAbsent(ByteBuffer.wrap(key),
                k -> List.of(new TreeSet<>(), new TreeSet<>()));
        int mine = kind == SensorKind.LOCATIONS ? 0 : 1;
        NavigableSet<Long> own = ride.get(mine);
        own.add(eventTime);
        own.headSet(own.last() - differenceMs - KEPT_MS).clear();
        NavigableSet<Long> partners = ride.get(1 - mine).subSet(eventTime - differenceMs, true,
                eventTime + differenceMs, true);
        if (partners.isEmpty()) {
            return;
        }
        TreeMap<Long, Long> mySpans = spans.get(partition);
        if (partners.first() <= eventTime) {
            add(mySpans, eventTime); // every partner at or before this record pairs at its time
        }
        for (long later : partners.tailSet(eventTime, false)) {
            add(mySpans, later);
        }
    }

    /** Adds a pair's time to the spans, merging what is no more than a pause apart. */
    private static void add(TreeMap<Long, Long> spans, long time) {
        long start = time;
        long end = time;
        Map.Entry<Long, Long> before = spans.floorEntry(time);
        if (before != null && time <= before.getValue() + PAUSE_MS) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> after = spans.higherEntry(start); after != null && after.getKey() <= end + PAUSE_MS;
                after = spans.higherEntry(start)) {
            end = Math.max(end, after.getValue());
            spans.remove(after.getKey());
        }
        spans.put(start, end);
    }

    /** Per partition a record was published to, the latest pair's time, {@link Long#MIN_VALUE} where there is none. */
    synchronized long[] latest() {
        long[] out = new long[spans.size()];
        for (int p = 0; p < out.length; p++) {
            Map.Entry<Long, Long> last = spans.get(p).lastEntry();
            out[p] = last == null ? Long.MIN_VALUE : last.getValue();
        }
        return out;
    }

    /**
     * Where the pairs the app has not written begin in {@code partition}: {@code written} itself if it falls inside a
     * span, the next span's start if it falls in a pause (or before the first pair), {@link Long#MAX_VALUE} if every
     * pair is written. Spans wholly written are let go (the latest is kept), so {@code written} must only move forward,
     * as the joined output's latest time and the caught-up looks do; a smaller one later would be answered from the
     * spans kept, too late.
     *
     * @param written how far the app's joined output has certainly got there, {@link Long#MIN_VALUE} if nowhere
     */
    synchronized long unwrittenFrom(int partition, long written) {
        if (partition >= spans.size()) {
            return Long.MAX_VALUE;
        }
        TreeMap<Long, Long> mine = spans.get(partition);
        while (mine.size() > 1 && mine.firstEntry().getValue() <= written) {
            mine.pollFirstEntry();
        }
        Map.Entry<Long, Long> span = mine.firstEntry();
        if (span == null || span.getValue() <= written) {
            return Long.MAX_VALUE;
        }
        return Math.max(span.getKey(), written);
    }
}
