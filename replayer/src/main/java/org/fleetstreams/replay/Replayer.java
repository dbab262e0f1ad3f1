package org.fleetstreams.replay;

import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.ReadingJsonWriter;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/**
 * The replay loop: takes rows from the {@link ReplaySchedule} in time order, waits until each is due,
 * and hands every fleet clone to the sink as a JSON value keyed by ride_id with timestamp = event time.
 *
 * <p>{@link #requestStop()} (Ctrl-C) stops scheduling; {@link #run()} then flushes, so every record
 * already handed to the producer is acknowledged or counted as failed before it returns.
 */
public final class Replayer {

    private final ReplaySchedule schedule;
    private final FleetCloner cloner;
    private final RecordSink sink;
    private final Pacer pacer;
    private final Topics topics;
    private final ReplayStats stats;
    private final ReadingJsonWriter writer = new ReadingJsonWriter();
    private volatile boolean stopRequested;

    public Replayer(ReplaySchedule schedule, FleetCloner cloner, RecordSink sink, Pacer pacer, Topics topics,
                    ReplayStats stats) {
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
            while (!stopRequested && schedule.hasNext()) {
                ScheduledReading next = schedule.next();
                long due = pacer.awaitDue(next.simSeconds(), () -> stopRequested);
                if (stopRequested) {
                    break;
                }
                stats.scheduled(next.reading().rideId(), next.simSeconds(), next.pass(), next.eventTimeMillis());
                String topic = next.kind().topic(topics);
                SensorReading row = next.reading();
                ReadingJsonWriter.Written written = writer.write(row, next.eventTimeMillis());
                FleetCloner.Identity[] clones = cloner.identities(row);
                long bytes = 0;
                for (int k = 0; k < clones.length; k++) {
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
                stats.sent(next.kind(), clones.length, bytes);
            }
        } finally {
            sink.flush();
            stats.finished(clock.nanoTime());
        }
        return stats;
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
