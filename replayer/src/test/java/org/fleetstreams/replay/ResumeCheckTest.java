package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.replay.data.TestParquet.acceleration;
import static org.fleetstreams.replay.data.TestParquet.location;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.TestParquet;
import org.fleetstreams.replay.resume.HeldRecords;
import org.fleetstreams.replay.resume.PublishedRecords;
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
}
