package org.fleetstreams.join;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.common.LocationFix;

/**
 * One ride's recent records in arrival order (event-time order from the replayer; a record out of order only stays
 * a little longer, and cannot join anything once it is older than the grace allows).
 */
final class RideBuffer {
    final ArrayDeque<JoinedJson.HeldFix> fixes = new ArrayDeque<>();
    /** Each held fix's key in {@value JoinProcessor#FIXES}, in the same order. */
    final ArrayDeque<String> fixKeys = new ArrayDeque<>();
    /** The number of the ride's next fix in its store key. */
    long nextFix;
    final SampleRing samples = new SampleRing();
    // The heads' times, so that the check made for every record touches no held record: reading the heads, cold in
    // memory when thousands of rides interleave, was a visible share of the stream thread's profile.
    private long firstFix = Long.MAX_VALUE;
    private long firstSample = Long.MAX_VALUE;
    /** The ride's sample chunks, once looked up (null: none yet, or not looked up since they were gone). */
    private SampleChunks.Ride chunks;

    /** The ride's sample chunks, looked up only when they were not or are gone; null if none and not {@code make}. */
    SampleChunks.Ride chunks(SampleChunks all, String ride, boolean make) {
        if (chunks == null || chunks.gone()) {
            chunks = make ? all.ride(ride) : all.existing(ride);
        }
        return chunks;
    }

    void add(JoinedJson.HeldFix fix, String key) {
        firstFix = Math.min(firstFix, fix.eventTime());
        fixes.addLast(fix);
        fixKeys.addLast(key);
    }

    void add(JoinSample sample) {
        firstSample = Math.min(firstSample, sample.eventTime());
        samples.add(sample.eventTime(), sample.x(), sample.y(), sample.z());
    }

    /**
     * Forgets what is older than {@code t}; a forgotten fix is deleted from {@code store} too. Fixes are looked at
     * all, not only from the oldest arrival on: one fix stamped far ahead (a phone's clock) would otherwise keep
     * every later fix of its ride, in memory and in the store, until the clock reached it.
     */
    void forgetBefore(long t, KeyValueStore<String, LocationFix> store) {
        if (firstFix < t) {
            long earliest = Long.MAX_VALUE;
            Iterator<JoinedJson.HeldFix> f = fixes.iterator();
            Iterator<String> k = fixKeys.iterator();
            while (f.hasNext()) {
                long time = f.next().eventTime();
                String key = k.next();
                if (time < t) {
                    f.remove();
                    k.remove();
                    store.delete(key);
                } else {
                    earliest = Math.min(earliest, time);
                }
            }
            firstFix = earliest;
        }
        if (firstSample < t) {
            samples.forgetBefore(t);
            firstSample = samples.earliest();
        }
    }
}
