package org.fleetstreams.demo;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Pairs are found as the acknowledgements come, from each ride's latest fix and latest sample: the replayer publishes
 * in event-time order, so a pair's second record meets the first there. Written by the replay producer's I/O thread,
 * read by the view's.
 */
final class JoinFrontier implements AckListener {

    /** A pause in a partition's pairs longer than this (event time) is a gap with nothing to write, not lag. */
    static final long PAUSE_MS = 250;

    private final long differenceMs;
    /** Per ride (its key): the latest fix's and the latest sample's time. */
    private final Map<ByteBuffer, long[]> rides = new HashMap<>();
    /** Per partition, spans of pair times ({start, end}) in order; those the app has written are let go. */
    private final List<ArrayDeque<long[]>> spans = new ArrayList<>();

    /** @param differenceMs the join's time difference: a sample and a fix at most this far apart pair */
    JoinFrontier(long differenceMs) {
        this.differenceMs = differenceMs;
    }

    @Override
    public synchronized void acknowledged(SensorKind kind, int partition, byte[] key, long eventTime) {
        while (spans.size() <= partition) {
            spans.add(new ArrayDeque<>());
        }
        long[] ride = rides.computeIfAbsent(ByteBuffer.wrap(key), k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        int mine = kind == SensorKind.LOCATIONS ? 0 : 1;
        long other = ride[1 - mine];
        ride[mine] = Math.max(ride[mine], eventTime);
        if (other != Long.MIN_VALUE && Math.abs(eventTime - other) <= differenceMs) {
            paired(spans.get(partition), Math.max(eventTime, other));
        }
    }

    private static void paired(ArrayDeque<long[]> spans, long time) {
        long[] last = spans.peekLast();
        if (last == null || time > last[1] + PAUSE_MS) {
            spans.addLast(new long[] {time, time});
        } else {
            last[1] = Math.max(last[1], time);
        }
    }

    /** Per partition a record was published to, the latest pair's time, {@link Long#MIN_VALUE} where there is none. */
    synchronized long[] latest() {
        long[] out = new long[spans.size()];
        for (int p = 0; p < out.length; p++) {
            long[] last = spans.get(p).peekLast();
            out[p] = last == null ? Long.MIN_VALUE : last[1];
        }
        return out;
    }

    /**
     * Where the pairs the app has not written begin in {@code partition}: {@code written} itself if it falls inside a
     * span, the next span's start if it falls in a pause (or before the first pair), {@link Long#MAX_VALUE} if every
     * pair is written. Spans wholly written are let go: {@code written} only moves forward.
     *
     * @param written how far the app's joined output has certainly got there, {@link Long#MIN_VALUE} if nowhere
     */
    synchronized long unwrittenFrom(int partition, long written) {
        if (partition >= spans.size()) {
            return Long.MAX_VALUE;
        }
        ArrayDeque<long[]> mine = spans.get(partition);
        while (mine.size() > 1 && mine.peekFirst()[1] <= written) {
            mine.pollFirst();
        }
        long[] span = mine.peekFirst();
        if (span == null || span[1] <= written) {
            return Long.MAX_VALUE;
        }
        return Math.max(span[0], written);
    }
}
