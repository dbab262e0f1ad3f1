package org.fleetstreams.time;

/**
 * What the merge ({@link ReadingsInOrder}) knows of one of its two inputs, in this task's partition: how far its event
 * time has reached, the offset after the last record taken from it, how that reach grew in wall-clock time, and how
 * long it has been silent while the other input delivered.
 */
final class MergedInput {

    final String topic;
    /** The highest event time taken from this input (ms); {@link EventClock#NONE} before any. */
    long mark = EventClock.NONE;
    /** The offset after the last record taken since the task started; -1: none. */
    long next = -1;
    final MarkHistory history = new MarkHistory();
    final Silence silence = new Silence();
    /** For the GPS input: what the accelerometer records promised about it ({@link FixPromises}). */
    final FixPromises promises = new FixPromises();
    /** What the other input's records claimed the producer sent of this one before them ({@link SentClaims}). */
    final SentClaims claims = new SentClaims();

    MergedInput(String topic) {
        this.topic = topic;
    }

    /** A reading at event time {@code timestamp}, from the record before offset {@code nextOffset}, came now. */
    void took(long wallMs, long timestamp, long nextOffset, MergedInput other) {
        next = Math.max(next, nextOffset);
        promises.taken(next);
        claims.taken(next);
        mark = Math.max(mark, timestamp);
        history.record(wallMs, mark);
        silence.delivered();
        other.silence.otherDelivered(wallMs);
    }

    /**
     * How far this input is known to reach from its own records and the promises about it: a record at this time may
     * still come, none before it. The merge's release ({@link ReleaseHorizon}) and its early-commit clock both take it.
     */
    long reach() {
        return Math.max(mark, promises.reach());
    }

    /** A record before {@code nextOffset} was read but carried no reading (the checks dead-lettered it). */
    void read(long nextOffset) {
        next = Math.max(next, nextOffset);
        promises.taken(next);
        claims.taken(next);
    }

    void reset() {
        mark = EventClock.NONE;
        next = -1;
        history.clear();
        silence.reset();
        promises.reset();
        claims.reset();
    }
}
