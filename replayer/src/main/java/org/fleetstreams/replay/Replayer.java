package org.fleetstreams.replay;

import java.nio.charset.StandardCharsets;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
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
                for (int k = 0; k < cloner.size(); k++) {
                    SensorReading record = cloner.clone(next.reading(), k, next.eventTimeMillis());
                    byte[] key = record.rideId().getBytes(StandardCharsets.UTF_8);
                    byte[] value = json(record);
                    sink.send(topic, key, next.eventTimeMillis(), value);
                    stats.sent(next.kind(), key.length + value.length);
                    if (!pacer.isMaxSpeed()) {
                        stats.lag(clock.nanoTime() - due);
                    }
                }
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
        json(new LocationFix(0, "i", "r", "u", 0, 0, 0, "g", 0, 0, 0));
        json(new AccelerationSample(0, "i", "r", "u", 0, 0, 0, 0));
        schedule.hasNext();
    }

    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    static byte[] json(SensorReading reading) {
        if (reading instanceof LocationFix fix) {
            return FleetSerdes.locationFix().toBytes(fix);
        }
        return FleetSerdes.accelerationSample().toBytes((AccelerationSample) reading);
    }
}
