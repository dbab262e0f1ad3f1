package org.fleetstreams.replay;

import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.ReadingJsonWriter;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/**
 * The replay loop: takes rows from the {@link ReplaySchedule} in time order, waits until each is due,
 * and hands every fleet clone to the sink as a JSON value keyed by ride_id with timestamp = event time.
 *
 * <p>{@link #requestStop()} (Ctrl-C) stops scheduling, between one fleet clone's record and the next; {@link #run()}
 * then flushes, so every record already handed to the producer is acknowledged or counted as failed before it returns. So does the first record the
 * producer reports as not delivered ({@link ReplayStats#onFailed}).
 *
 * <p>A resumed replay ({@code --resume}) walks the same schedule from the start and leaves out the records its
 * {@link ResumeFilter} says the topics already hold, without waiting for them: pacing starts at the first row it sends.
 */
public final class Replayer {

    private final ReplaySchedule schedule;
    private final FleetCloner cloner;
    private final RecordSink sink;
    private final Pacer pacer;
    private final Topics topics;
    private final ReplayStats stats;
    private final ResumeFilter resume;
    private final boolean[] held;
    private final ReadingJsonWriter writer;
    private volatile boolean stopRequested;

    public Replayer(ReplaySchedule schedule, FleetCloner cloner, RecordSink sink, Pacer pacer, Topics topics,
                    ReplayStats stats) {
        this(schedule, cloner, sink, pacer, topics, stats, ResumeFilter.NONE, false);
    }

    /**
     * @param resume         what the topics already hold of this replay; {@link ResumeFilter#NONE} for a replay from
     *                       the start
     * @param eventTimeField also write the event time into the JSON ({@code event_time}); else exactly the course's
     *                       fields
     */
    public Replayer(ReplaySchedule schedule, FleetCloner cloner, RecordSink sink, Pacer pacer, Topics topics,
                    ReplayStats stats, ResumeFilter resume, boolean eventTimeField) {
        this.writer = new ReadingJsonWriter(eventTimeField);
        this.resume = resume;
        this.held = new boolean[cloner.size()];
        this.schedule = schedule;
        this.cloner = cloner;
        this.sink = sink;
        this.pacer = pacer;
        this.topics = topics;
        this.stats = stats;
    }

    public ReplayStats run() {
        warmUp();
        WallClock clock = pacer.clock();
        stats.started(clock.nanoTime());
        try {
            // A failed send stops the replay: going on would leave a hole in its partition (the records after it
            // arrive), which the app cannot tell from a reading that never existed and --resume cannot fill.
            while (!stopRequested && stats.failed() == 0 && schedule.hasNext()) {
                ScheduledReading next = schedule.next();
                String topic = next.kind().topic(topics);
                FleetCloner.Identity[] clones = cloner.identities(next.reading());
                if (alreadyPublished(topic, clones)) {
                    continue;
                }
                long due = pacer.awaitDue(next.simSeconds(), () -> stopRequested);
                if (stopRequested) {
                    break;
                }
                stats.scheduled(next.reading().rideId(), next.simSeconds(), next.pass(), next.eventTimeMillis());
                SensorReading row = next.reading();
                ReadingJsonWriter.Written written = writer.write(row, next.eventTimeMillis());
                long bytes = 0;
                int sent = 0;
                for (int k = 0; k < clones.length; k++) {
                    if (held[k]) {
                        continue;
                    }
                    if (stats.failed() > 0) {
                        break; // the row's other clones too: each would be a record after the hole
                    }
                    if (stopRequested) {
                        // Ctrl-C: each further clone's send could block on a full buffer for max.block.ms, beyond the
                        // time the shutdown hook waits (ReplayJob#stopWait). Each partition still holds a prefix of
                        // the replay: the clones sent go to their own cars' partitions, in order.
                        break;
                    }
                    sent++;
                    FleetCloner.Identity clone = clones[k];
                    byte[] key = clone.key();
                    byte[] value = k == 0 ? written.json()
                            : CloneSplicer.withIds(written, clone.idJson(), clone.rideIdJson(), clone.uuidJson());
                    sink.send(topic, key, next.eventTimeMillis(), value);
                    bytes += key.length + value.length;
                    if (!pacer.isMaxSpeed()) {
                        stats.lag(clock.nanoTime() - due);
                    }
                }
                // Counted per row, not per clone: two atomic updates per record were measurable at fleet 50.
                stats.sent(next.kind(), sent, bytes);
            }
        } finally {
            sink.flush();
            stats.finished(clock.nanoTime());
        }
        return stats;
    }

    /** Marks in {@link #held} the clones the topics already hold; true when that is all of them. */
    private boolean alreadyPublished(String topic, FleetCloner.Identity[] clones) {
        boolean all = true;
        for (int k = 0; k < clones.length; k++) {
            held[k] = resume.alreadyPublished(topic, clones[k].key());
            all &= held[k];
        }
        return all;
    }

    /**
     * Pays one-off costs before the schedule's clock starts: Jackson builds a record type's serializer on first use
     * (tens of milliseconds), and the first file read loads the Parquet classes. Otherwise the first records of a
     * paced replay go out late.
     */
    private void warmUp() {
        writer.write(new LocationFix(0, "i", "r", "u", 0, 0, 0, "g", 0, 0, 0), 0);
        writer.write(new AccelerationSample(0, "i", "r", "u", 0, 0, 0, 0), 0);
        schedule.hasNext();
    }

    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }
}
