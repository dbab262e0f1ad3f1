package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.errors.TimeoutException;
import org.assertj.core.data.Offset;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.Topics;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.resume.ResumeFilter;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayerTest {

    private static final long EPOCH = 1_700_000_000_000L;
    private static final Topics TOPICS = Topics.withPrefix("DoeJane");
    private static BddDataset data;

    private final FakeClock clock = new FakeClock();
    private final CapturingSink sink = new CapturingSink(clock);

    @BeforeAll
    static void open() {
        data = BddDataset.open(TestData.bdd());
    }

    @Test
    void tenTimesFasterTakesATenthOfTheSimulatedSpan() {
        long start = clock.now;
        ReplayStats stats = replay(ClockMode.OFFSET, 10, 1, 1);

        double span = data.maxOffset() - data.minOffset();
        assertThat((clock.now - start) / 1e9).isCloseTo(span / 10, Offset.offset(0.001));
        assertThat(stats.records()).isEqualTo(TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS);
        assertThat(stats.lag().count()).isEqualTo(stats.records());
        assertThat(stats.lag().maxMillis()).as("a fake clock never runs late").isZero();
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void eachRecordIsSentWhenDue() {
        replay(ClockMode.OFFSET, 2, 1, 1);

        long start = sink.sent.get(0).atNanos();
        long firstEventTime = sink.sent.get(0).timestamp();
        for (CapturingSink.Sent s : sink.sent) {
            // wall offset = event-time offset / speed, to the nanosecond rounding of the ms event time; a row due within
            // the spin window when it is looked at goes at once, up to that much early (Pacer.SPIN_NANOS over the speed)
            double expectedNanos = (s.timestamp() - firstEventTime) * 1e6 / 2;
            assertThat((double) (s.atNanos() - start)).isBetween(expectedNanos - Pacer.SPIN_NANOS / 2.0 - 0.6e6,
                    expectedNanos + 0.6e6);
        }
    }

    @Test
    void maxSpeedSendsEverythingWithoutSleeping() {
        ReplayStats stats = replay(ClockMode.OFFSET, Double.POSITIVE_INFINITY, 1, 1);

        assertThat(clock.sleeps).isEmpty();
        assertThat(stats.records()).isEqualTo(TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS);
        assertThat(stats.lag().count()).as("lag is not measured at max speed").isZero();
    }

    @Test
    void partitionClockSleepsOnlyBetweenTicks() {
        long start = clock.now;
        replay(ClockMode.PARTITION, 1, 1, 1);

        double span = data.maxPartitionSeconds() - data.minPartitionSeconds();
        assertThat((clock.now - start) / 1e9).isCloseTo(span, Offset.offset(0.001));
        Set<Long> distinctSendTimes = new HashSet<>();
        sink.sent.forEach(s -> distinctSendTimes.add(s.atNanos()));
        // one send time per partition folder of the data (34 in the real data), whichever kind holds it
        long folders = data.files().stream().mapToDouble(DataFile::partitionSeconds).distinct().count();
        assertThat(folders).isGreaterThan(1);
        assertThat(distinctSendTimes).hasSize((int) folders);
    }

    @Test
    void fleetClonesEveryRideWithDistinctDeterministicIds() throws Exception {
        ReplayStats stats = replay(ClockMode.OFFSET, Double.POSITIVE_INFINITY, 1, 3);

        assertThat(stats.records()).isEqualTo(3 * (TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS));
        Set<String> rides = new HashSet<>();
        Set<String> uuids = new HashSet<>();
        for (CapturingSink.Sent s : sink.sent) {
            JsonNode json = Json.mapper().readTree(s.value());
            rides.add(json.get("ride_id").asText());
            uuids.add(json.get("uuid").asText());
            assertThat(s.key()).isEqualTo(json.get("ride_id").asText());
            assertThat(json.get("ride_id").asText()).matches("[0-9a-f]{32}");
        }
        assertThat(rides).hasSize(3 * TestData.RIDES);
        assertThat(uuids.size()).isEqualTo(3 * uuidsInData());

        List<String> again = new ArrayList<>();
        FleetCloner cloner = new FleetCloner(3);
        sink.sent.stream().limit(3).forEach(s -> again.add(s.key()));
        assertThat(cloner.cloneId(again.get(0), 1)).isNotEqualTo(again.get(0));
        assertThat(new FleetCloner(3).cloneId("abc", 2)).isEqualTo(new FleetCloner(7).cloneId("abc", 2));
    }

    @Test
    void valuesCarryExactlyTheCourseFieldsAndTheRecordTimestampIsTheEventTime() throws Exception {
        replay(ClockMode.OFFSET, Double.POSITIVE_INFINITY, 1, 1);

        for (CapturingSink.Sent s : sink.sent) {
            JsonNode json = Json.mapper().readTree(s.value());
            assertThat(s.timestamp()).isEqualTo(EPOCH + Math.round(json.get("offset").asDouble() * 1000));
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            if (s.topic().equals(TOPICS.locations())) {
                assertThat(fields).containsExactly("offset", "id", "ride_id", "uuid", "course", "latitude",
                        "longitude", "geohash", "speed", "accuracy");
            } else {
                assertThat(s.topic()).isEqualTo(TOPICS.accelerations());
                assertThat(fields).containsExactly("offset", "id", "ride_id", "uuid", "x", "y", "z");
            }
        }
    }

    @Test
    void loopPassesContinueEventTime() {
        ReplayStats stats = replay(ClockMode.OFFSET, Double.POSITIVE_INFINITY, 2, 1);

        assertThat(stats.records()).isEqualTo(2 * (TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS));
        for (int i = 1; i < sink.sent.size(); i++) {
            assertThat(sink.sent.get(i).timestamp()).isGreaterThanOrEqualTo(sink.sent.get(i - 1).timestamp());
        }
        assertThat(stats.pass()).isEqualTo(1);
    }

    @Test
    void stopRequestEndsTheReplayAndStillFlushes() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 0, 10_000, new RowSkips());
        ReplayStats stats = new ReplayStats(new RowSkips());
        Replayer[] replayer = new Replayer[1];
        WallClock stopAfterTenSeconds = new WallClock() {
            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) {
                clock.sleepNanos(nanos);
                if (clock.totalSleptNanos() > 10_000_000_000L) {
                    replayer[0].requestStop();
                }
            }

            @Override
            public void spin() {
                clock.spin();
            }
        };
        replayer[0] = new Replayer(schedule, new FleetCloner(1), sink,
                new Pacer(stopAfterTenSeconds, 1, schedule.firstSimSeconds()), TOPICS, stats);

        replayer[0].run();

        assertThat(stats.simSeconds()).isBetween(10.0, 11.5);
        assertThat(sink.sent).hasSize((int) stats.records());
        assertThat(sink.flushes).isEqualTo(1);
    }

    /** A record the producer could not deliver stops the replay: what came after would leave a hole behind it. */
    @Test
    void theFirstFailedSendStopsTheReplayAndStillFlushes() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());
        ReplayStats stats = new ReplayStats(new RowSkips());
        RecordSink failingAtTheHundredth = failingAt(100, stats);

        new Replayer(schedule, new FleetCloner(1), failingAtTheHundredth,
                new Pacer(clock, Double.POSITIVE_INFINITY, schedule.firstSimSeconds()), TOPICS, stats).run();

        assertThat(sink.sent).hasSize(100);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(sink.flushes).isEqualTo(1);
    }

    /** With --fleet, a row is sent as one record per clone: a failure among them stops the row's other clones too. */
    @Test
    void aFailedSendStopsTheRestOfItsRowsFleetClones() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());
        ReplayStats stats = new ReplayStats(new RowSkips());
        int fleet = 5;
        int failAt = 4 * fleet + 2; // the third clone of the fifth row
        RecordSink failingMidRow = failingAt(failAt, stats);

        new Replayer(schedule, new FleetCloner(fleet), failingMidRow,
                new Pacer(clock, Double.POSITIVE_INFINITY, schedule.firstSimSeconds()), TOPICS, stats).run();

        assertThat(sink.sent).hasSize(failAt);
        assertThat(stats.failed()).isEqualTo(1);
    }

    /**
     * Ctrl-C with --fleet stops between one clone's record and the next, as a failure does. Before, the row's other
     * clones were still sent after the stop, each of which could block on a full buffer for max.block.ms, past the
     * shutdown hook's wait.
     */
    @Test
    void aStopRequestStopsTheRestOfItsRowsFleetClones() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());
        ReplayStats stats = new ReplayStats(new RowSkips());
        int fleet = 5;
        int stopAt = 4 * fleet + 2; // the fifth row's second clone
        Replayer[] replayer = new Replayer[1];
        RecordSink stoppingMidRow = new RecordSink() {
            @Override
            public void send(String topic, byte[] key, long timestamp, byte[] value) {
                sink.send(topic, key, timestamp, value);
                if (sink.sent.size() == stopAt) {
                    replayer[0].requestStop(); // as the shutdown hook does while the producer takes this record
                }
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
        replayer[0] = new Replayer(schedule, new FleetCloner(fleet), stoppingMidRow,
                new Pacer(clock, Double.POSITIVE_INFINITY, schedule.firstSimSeconds()), TOPICS, stats);

        replayer[0].run();

        assertThat(sink.sent).hasSize(stopAt);
        assertThat(stats.records()).isEqualTo(stopAt);
        assertThat(sink.flushes).isEqualTo(1);
    }

    /** The test's sink, whose {@code n}th send is reported to {@code stats} as not delivered (as the producer's callback would). */
    private RecordSink failingAt(int n, ReplayStats stats) {
        return new RecordSink() {
            @Override
            public void send(String topic, byte[] key, long timestamp, byte[] value) {
                sink.send(topic, key, timestamp, value);
                if (sink.sent.size() == n) {
                    stats.onFailed(new TimeoutException("delivery timed out"));
                }
            }

            @Override
            public void flush() {
                sink.flush();
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    /** --event-time-field: the event time in the JSON too, as the last field, equal to the record timestamp. */
    @Test
    void onRequestTheEventTimeIsInTheJsonToo() throws Exception {
        RowSkips skips = new RowSkips();
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, skips);
        new Replayer(schedule, new FleetCloner(1), sink, new Pacer(clock, Double.POSITIVE_INFINITY,
                schedule.firstSimSeconds()), TOPICS, new ReplayStats(skips), ResumeFilter.NONE, true).run();

        assertThat(sink.sent).isNotEmpty().allSatisfy(s -> {
            JsonNode json = Json.mapper().readTree(s.value());
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).last().isEqualTo("event_time");
            assertThat(json.get("event_time").asLong()).isEqualTo(s.timestamp());
        });
    }

    private ReplayStats replay(ClockMode clockMode, double speed, int passes, int fleet) {
        RowSkips skips = new RowSkips();
        ReplaySchedule schedule = new ReplaySchedule(data, clockMode, EPOCH, passes, 10_000, skips);
        ReplayStats stats = new ReplayStats(skips);
        new Replayer(schedule, new FleetCloner(fleet), sink, new Pacer(clock, speed, schedule.firstSimSeconds()),
                TOPICS, stats).run();
        return stats;
    }

    private static int uuidsInData() {
        Set<String> uuids = new HashSet<>();
        data.files().forEach(f -> uuids.add(f.path().getFileName().toString()));
        return uuids.size();
    }
}
