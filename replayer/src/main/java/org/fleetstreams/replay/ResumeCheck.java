package org.fleetstreams.replay;

import java.time.Duration;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.resume.PublishedRecords;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.resume.ResumeMatcher;
import org.fleetstreams.replay.resume.ResumePoint;
import org.fleetstreams.replay.schedule.ReplaySchedule;

/**
 * {@code --resume}: finds what the topics already hold of this replay by running the same replay dry, at max speed,
 * into a sink that compares every record with the topics' content instead of sending it ({@link ResumeMatcher}). The
 * dry run is the real replay loop, so the bytes compared are the bytes a replay sends.
 *
 * <p>The trade-off: the check reads both topics from the start and walks the schedule up to the resume point before
 * the first record goes out (for data/sample's 120,951 records, a few seconds), where reading only each partition's
 * last record would be instant. In exchange it is exact whatever the clock mode (event time may step back within a
 * partition with {@code --clock partition}, so "the last event time" does not say where a partition stopped), it
 * tells the replay's records from anyone else's (bad records injected between them, closing records), and a topic
 * holding another replay (another epoch, data set, fleet) is refused before anything is sent, not continued.
 *
 * <p>What it relies on: the replayer's idempotent producer (a kill leaves each partition a gap-free prefix of what was
 * sent to it; see {@link ResumeMatcher}), its partitioner (the check finds any other out of place), and the killed
 * replayer's last requests having landed before the topics are read: a new JVM takes seconds to get there, and the
 * topics' end offsets must not move while they are read.
 */
final class ResumeCheck {

    /** Time to read both topics to their end; generous, as a long --loop replay holds millions of records. */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private ResumeCheck() {
    }

    static ResumePoint find(PublishedRecords published, ReplaySchedule walk, int fleet, Topics topics,
                            boolean eventTimeField) {
        ResumeMatcher matcher = new ResumeMatcher(published, topics.inputs(), walk.passLengthMillis());
        if (published.replayRecords() > 0) {
            Replayer[] dry = new Replayer[1];
            RecordSink compare = new RecordSink() {
                @Override
                public void send(String topic, byte[] key, long timestamp, byte[] value) {
                    if (matcher.offer(topic, key, timestamp, value)) {
                        dry[0].requestStop();
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            dry[0] = new Replayer(walk, new FleetCloner(fleet), compare,
                    new Pacer(WallClock.SYSTEM, Double.POSITIVE_INFINITY, 0), topics, new ReplayStats(new RowSkips()),
                    ResumeFilter.NONE, eventTimeField);
            dry[0].run();
        }
        return matcher.point();
    }
}
