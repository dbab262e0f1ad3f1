package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.TestParquet;
import org.fleetstreams.replay.resume.HeldRecords;
import org.fleetstreams.replay.resume.PublishedRecords;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ResumeCheck}: the dry walk of a real schedule against what the topics hold. */
class ResumeCheckTest {

    private static final Topics TOPICS = Topics.withPrefix("resume");
    private static final long EPOCH = 1_503_878_400_000L;

    /**
     * One car in 8 partitions: the walk sends to one of them only, and a fix of its ride written into another is one
     * no pass reaches. Before, a {@code --resume --loop} check walked the endless schedule looking for it, at 100 % CPU,
     * and never returned; a finite replay refused it.
     */
    @Test
    void aLoopIsRefusedAPartitionThatHoldsRecordsNoPassSendsThere(@TempDir Path data) throws IOException {
        // a one-car data set: a fix at 0.5 s, two samples
        TestParquet.write(data.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS,
                location("r", 0.5, 3.0));
        TestParquet.write(data.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                acceleration("r", 0.02), acceleration("r", 0.04));
        // one valid-looking fix of that car, written into a partition its records do not go to
        int unused = (HeldRecords.partitionOf("r", 8) + 1) % 8;
        PublishedRecords held = new HeldRecords(TOPICS, 8)
                .add(TOPICS.locations(), unused, "r", EPOCH + 500, "{\"ride_id\":\"r\"}").published();

        try (ReplaySchedule loop = new ReplaySchedule(BddDataset.open(data), ClockMode.OFFSET, EPOCH, 0, 10_000,
                new RowSkips())) {
            assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> ResumeCheck.find(held, loop, 1, TOPICS, false)))
                    .isInstanceOf(KafkaSetupException.class)
                    .hasMessageStartingWith("cannot resume: " + TOPICS.locations() + "-" + unused + " holds 1 records of"
                            + " this replay's rides, but this replay publishes none there: a whole pass (10.5 s of event"
                            + " time) sent it nothing");
        }
    }

    /** A one-car data set: fixes at 0.5 s and 2.5 s, samples every 20 ms to 3 s. */
    @SuppressWarnings("unchecked")
    private static BddDataset oneCar(Path data) throws IOException {
        TestParquet.write(data.resolve("locations/t=000.0/car.parquet"), TestParquet.BDD_LOCATIONS,
                location("r", 0.5, 3.0), location("r", 2.5, 3.0));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            samples.add(acceleration("r", i * 0.02));
        }
        TestParquet.write(data.resolve("accelerations/t=000.0/car.parquet"), TestParquet.BDD_ACCELERATIONS,
                samples.toArray(Map[]::new));
        return BddDataset.open(data);
    }

    /** What a replay of {@code data} with --event-time-field sends, in order. */
    private static List<CapturingSink.Sent> sent(BddDataset data) {
        CapturingSink sink = new CapturingSink(new FakeClock());
        RowSkips skips = new RowSkips();
        try (ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, skips)) {
            new Replayer(schedule, new FleetCloner(1), sink, new Pacer(new FakeClock(), Double.POSITIVE_INFINITY,
                    schedule.firstSimSeconds()), TOPICS, new ReplayStats(skips), ResumeFilter.NONE, true).run();
        }
        return sink.sent;
    }

    /**
     * On a topic with message.timestamp.type=LogAppendTime the broker stamps each record with the time it wrote it,
     * and a --event-time-field replay's event time is in the value. Before, the resume check compared the append time
     * with the event time, so every such resume was refused ("give the interrupted run's options", which it had).
     */
    @Test
    void aReplayOnALogAppendTimeTopicResumesByItsValuesEventTime(@TempDir Path data) throws IOException {
        BddDataset dataset = oneCar(data);
        List<CapturingSink.Sent> replay = sent(dataset);
        int kept = 40; // killed after its 40th record
        HeldRecords held = new HeldRecords(TOPICS, 4);
        long appendTime = 1_796_000_000_000L; // the wall clock, in 2026, when the broker wrote them
        for (CapturingSink.Sent s : replay.subList(0, kept)) {
            held.appended(s.topic(), s.key(), appendTime++, s.value());
        }

        try (ReplaySchedule walk = new ReplaySchedule(dataset, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips())) {
            assertThat(ResumeCheck.find(held.published(), walk, 1, TOPICS, true).total()).isEqualTo(kept);
        }
    }

    /**
     * A LogAppendTime record without event_time carries no event time at all: refused naming the topic's setting.
     * Before, it was refused as another replay, with advice to give the interrupted run's options.
     */
    @Test
    void aLogAppendTimeRecordWithoutEventTimeIsRefusedNamingTheTopicsTimestampType() {
        byte[] value = ("{\"offset\":0.5,\"id\":\"i-r\",\"ride_id\":\"r\",\"uuid\":\"u-r\",\"course\":90.0,"
                + "\"latitude\":40.76,\"longitude\":-73.96,\"geohash\":\"dr5ruuwscttz\",\"speed\":3.0,"
                + "\"accuracy\":10.0}").getBytes(StandardCharsets.UTF_8);
        HeldRecords held = new HeldRecords(TOPICS, 4);

        assertThatThrownBy(() -> held.appended(TOPICS.locations(), "r", 1_796_000_000_000L, value))
                .isInstanceOf(KafkaSetupException.class)
                .hasMessageStartingWith("cannot resume: " + TOPICS.locations() + "-" + HeldRecords.partitionOf("r", 4)
                        + " offset 0 has the broker's append time as its timestamp")
                .hasMessageContaining("message.timestamp.type=LogAppendTime");
    }
}
