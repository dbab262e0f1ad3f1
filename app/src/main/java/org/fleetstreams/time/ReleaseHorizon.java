package org.fleetstreams.time;

import org.fleetstreams.ingest.Ingest;
import org.fleetstreams.ingest.InputHeads;

/**
 * How far {@link ReadingsInOrder} may let records go, from what it knows of its two inputs: how far each reaches (its
 * high mark, or its next record's time when the event-time extractor saw it already), whether one is idle, and what
 * the last look at the broker vouches for. The rules, not the records: the merge holds and forwards, this only says up
 * to when. One per merge task; {@link #compute} sets {@link #upTo()} and {@link #samplesUpTo()} in place, since it
 * runs for every input record.
 */
final class ReleaseHorizon {

    private final MergedInput locations;
    private final MergedInput accelerations;
    private final long idleMs;
    private final InputHeads heads;
    private boolean useHeads;
    private InputProgress progress;
    private int partition;

    private long upTo;
    private long samplesUpTo;
    private MergedInput idle;
    /** The wall clock at the last {@link #compute}. */
    private long now;

    ReleaseHorizon(MergedInput locations, MergedInput accelerations, long idleMs, InputHeads heads) {
        this.locations = locations;
        this.accelerations = accelerations;
        this.idleMs = idleMs;
        this.heads = heads;
    }

    void start(int partition, boolean useHeads, InputProgress progress) {
        this.partition = partition;
        this.useHeads = useHeads;
        this.progress = progress;
    }

    /**
     * Records at or before {@link #upTo()} can go: both inputs are past it; or one input is idle (silent for the idle
     * time while the other delivered, read to its end at the last look at the broker, and nothing of it known to be on
     * its way: {@link #onItsWay}), and then the other input's records up to where it stood when that look began. Those
     * the look vouches for: a record that belongs before them in the idle input was sent before them, so it was in the
     * look, or is fetched since, or their producer's claims name it (the replayer's do; another producer's records
     * carry none, and a record of theirs readable later than the other input's records sent after it can still go
     * behind those).
     *
     * <p>Samples only at or before {@link #samplesUpTo()}: at a time the GPS input has only reached, not passed, more
     * fixes may still come, and they go first. Unless the GPS input is idle (then {@code upTo} is what the broker look
     * vouches for, as for fixes).
     */
    void compute(long wallMs) {
        now = wallMs;
        // The looks' times first, then whether the inputs are read to their ends: a look answered in between (they
        // come on the admin client's thread) is newer, and a newer look that finds a partition read to its end
        // vouches for everything written before an older one began; the other order paired an older look's "read to
        // its end" with a newer look's time, letting records go that a fix written in between belongs before.
        long locationsLookedAt = lookedAt(locations);
        long accelerationsLookedAt = lookedAt(accelerations);
        boolean locationsIdle = idle(locations); // asked once: the broker look may change meanwhile
        boolean accelerationsIdle = !locationsIdle && idle(accelerations);
        long locationsReach = reach(locations);
        long both = Math.min(locationsReach, reach(accelerations));
        // Where each input stood when the look that vouches for the other one began (an idle input is vouched for by
        // its own partition's look). Both asked every time: asking also forgets what no later look needs; each
        // history is only ever asked at the other partition's look times, which only grow.
        long locationsAtLook = locations.history.before(accelerationsLookedAt);
        long accelerationsAtLook = accelerations.history.before(locationsLookedAt);
        if (locationsIdle) {
            idle = locations;
            upTo = Math.max(both, accelerationsAtLook);
            samplesUpTo = upTo;
            return;
        }
        if (accelerationsIdle) {
            idle = accelerations;
            upTo = Math.max(both, locationsAtLook);
        } else {
            idle = null;
            upTo = both;
        }
        samplesUpTo = locationsReach == EventClock.NONE ? EventClock.NONE : Math.min(upTo, locationsReach - 1);
    }

    /** Records at or before this time can go (as the last {@link #compute} found). */
    long upTo() {
        return upTo;
    }

    /** Samples at or before this time can go (as the last {@link #compute} found). */
    long samplesUpTo() {
        return samplesUpTo;
    }

    /** The input the last {@link #compute} found idle, by name; else null. */
    String idleInput() {
        return idle == null ? null : idle == locations ? Ingest.LOCATIONS : Ingest.ACCELERATIONS;
    }

    /** The broker held nothing more of either input at the last look. */
    boolean bothCaughtUp() {
        return caughtUp(locations) && caughtUp(accelerations);
    }

    /** When the older of the two partitions' last answered looks began. */
    long bothLookedAt() {
        return Math.min(lookedAt(locations), lookedAt(accelerations));
    }

    private long lookedAt(MergedInput input) {
        return progress.lookedAt(input.topic, partition);
    }

    /**
     * How far an input is known to reach: its high mark, the time of its next record if that is known already, or what
     * the other input's records promised about it ({@link FixPromises}, GPS input only).
     */
    private long reach(MergedInput input) {
        long reach = input.reach();
        return useHeads ? Math.max(reach, heads.timeAt(input.topic, partition, input.next)) : reach;
    }

    /**
     * The input is idle: silent for the idle time while the other delivered, read to its end, and no record of it known
     * to be on its way.
     */
    private boolean idle(MergedInput input) {
        return input.silence.atLeast(idleMs) && !onItsWay(input) && caughtUp(input);
    }

    /**
     * A record of the input is on its way, whatever the broker look found: its next record is fetched already (the
     * extractor saw it), or a record of the other input claims the producer had sent it one the merge has not taken
     * ({@link SentClaims}), a claim made within the idle time (an older one names a record that will not come soon: a
     * send that failed, a producer that died; the stop rule waits for those). The look alone does not rule that out: a producer's writes to two partitions led by two
     * brokers become readable in either order (with acks=all, each once its own followers have it), so a sample the
     * replayer sent after a fix can be read, and a look can find the GPS partition at its end, before that fix is
     * readable. Taken for idle, the GPS input then let the sample go ahead of the fix (a clean-clone CI run's fault
     * scenario: a sample at a fix's very time, whose deceleration was that window's peak only once the fix's speed had
     * refitted the forward axis).
     */
    private boolean onItsWay(MergedInput input) {
        return input.claims.openSince(now - idleMs)
                || useHeads && heads.timeAt(input.topic, partition, input.next) != InputHeads.UNKNOWN;
    }

    /** The broker held nothing more of the input at the last look. */
    private boolean caughtUp(MergedInput input) {
        return progress.caughtUp(input.topic, partition, input.next);
    }
}
