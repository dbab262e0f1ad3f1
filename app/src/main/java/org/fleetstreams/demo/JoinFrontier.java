package org.fleetstreams.demo;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.fleetstreams.replay.AckListener;
import org.fleetstreams.replay.data.SensorKind;

/**
 * How far the joined output can have got, per partition: the latest time of a pair among the input records the broker
 * has acknowledged. A pair is a sample and a fix of one ride at most the join's time difference apart, and its time is
 * the later of the two, as the app writes it. The demo's {@code app behind} compares the app's joined output with
 * this, not with the latest record published: in the real BDD data a ride has GPS fixes for its whole two minutes but
 * accelerometer samples for only about 13 s of them, and a partition whose rides are between samples has nothing to
 * join however fast the app is (measured against the latest record, one look said 49 s behind where the app was not).
 *
 * <p>Pairs are found as the acknowledgements come, from each ride's latest fix and latest sample: the replayer publishes
 * in event-time order, so a pair's second record meets the first there. Written by the replay producer's I/O thread,
 * read by the view's.
 */
final class JoinFrontier implements AckListener {

    private final long differenceMs;
    /** Per ride (its key): the latest fix's and the latest sample's time. */
    private final Map<ByteBuffer, long[]> rides = new HashMap<>();
    private long[] latest = new long[0];
    private long[] first = new long[0];

    /** @param differenceMs the join's time difference: a sample and a fix at most this far apart pair */
    JoinFrontier(long differenceMs) {
        this.differenceMs = differenceMs;
    }

    @Override
    public synchronized void acknowledged(SensorKind kind, int partition, byte[] key, long eventTime) {
        if (partition >= latest.length) {
            int from = latest.length;
            latest = Arrays.copyOf(latest, partition + 1);
            first = Arrays.copyOf(first, partition + 1);
            Arrays.fill(latest, from, latest.length, Long.MIN_VALUE);
            Arrays.fill(first, from, first.length, Long.MAX_VALUE);
        }
        long[] ride = rides.computeIfAbsent(ByteBuffer.wrap(key), k -> new long[] {Long.MIN_VALUE, Long.MIN_VALUE});
        int mine = kind == SensorKind.LOCATIONS ? 0 : 1;
        long other = ride[1 - mine];
        ride[mine] = Math.max(ride[mine], eventTime);
        if (other != Long.MIN_VALUE && Math.abs(eventTime - other) <= differenceMs) {
            long time = Math.max(eventTime, other);
            latest[partition] = Math.max(latest[partition], time);
            first[partition] = Math.min(first[partition], time);
        }
    }

    /** Per partition a record was published to, the latest pair's time, {@link Long#MIN_VALUE} where there is none yet. */
    synchronized long[] latest() {
        return latest.clone();
    }

    /** Per partition, the earliest pair's time, {@link Long#MAX_VALUE} where there is none yet. */
    synchronized long[] first() {
        return first.clone();
    }
}
