package org.fleetstreams.replay.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.InvalidDatasetException;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayScheduleTest {

    private static final long EPOCH = 1_700_000_000_000L;
    private static BddDataset data;

    @BeforeAll
    static void open() {
        data = BddDataset.open(TestData.bdd());
    }

    @Test
    void onePassHasEveryRowOnceInTimeOrder() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());

        List<ScheduledReading> all = drain(schedule);

        assertThat(all).filteredOn(s -> s.kind() == SensorKind.LOCATIONS).hasSize((int) TestData.LOCATION_ROWS);
        assertThat(all).filteredOn(s -> s.kind() == SensorKind.ACCELERATIONS).hasSize((int) TestData.ACCELERATION_ROWS);
        assertThat(all.stream().map(s -> s.reading().rideId()).distinct()).hasSize(TestData.RIDES);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).eventTimeMillis()).as("event time at %d", i)
                    .isGreaterThanOrEqualTo(all.get(i - 1).eventTimeMillis());
            assertThat(all.get(i).simSeconds()).isGreaterThanOrEqualTo(all.get(i - 1).simSeconds());
        }
    }

    @Test
    void eventTimeIsEpochPlusOffsetNotTheTimestampColumn() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());

        ScheduledReading first = schedule.next();

        assertThat(first.reading().offset()).isBetween(0.82, 0.83);
        assertThat(first.eventTimeMillis()).isEqualTo(EPOCH + Math.round(first.reading().offset() * 1000));
        assertThat(first.simSeconds()).isEqualTo(first.reading().offset());
    }

    @Test
    void holdsOnlyTheFilesThatOverlapNow() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 1, 10_000, new RowSkips());

        drain(schedule);

        // 808 files in all; at any instant only the cars driving in the current and next partition are open.
        assertThat(data.files()).hasSize(808);
        assertThat(schedule.maxOpenFiles()).isLessThanOrEqualTo(2 * maxFilesPerPartitionAndKind() * 2);
    }

    @Test
    void eachPassShiftsEventTimeBySpanPlusGapAndKeepsIncreasing() {
        long gap = 10_000;
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 3, gap, new RowSkips());
        long passLength = schedule.passLengthMillis();

        List<ScheduledReading> all = drain(schedule);

        assertThat(passLength).isEqualTo((long) Math.ceil((data.maxOffset() - data.minPartitionSeconds()) * 1000) + gap);
        assertThat(all).hasSize(3 * (int) (TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS));
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).eventTimeMillis()).isGreaterThanOrEqualTo(all.get(i - 1).eventTimeMillis());
        }
        Map<Integer, ScheduledReading> firstOfPass = new HashMap<>();
        all.forEach(s -> firstOfPass.putIfAbsent(s.pass(), s));
        assertThat(firstOfPass.get(2).eventTimeMillis() - firstOfPass.get(1).eventTimeMillis()).isEqualTo(passLength);
        assertThat(firstOfPass.get(2).simSeconds() - firstOfPass.get(0).simSeconds())
                .isCloseTo(2 * passLength / 1000.0, Offset.offset(1e-9));
    }

    @Test
    void zeroPassesLoopsForever() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.OFFSET, EPOCH, 0, 10_000, new RowSkips());
        int perPass = (int) (TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS);

        ScheduledReading last = null;
        for (int i = 0; i < 5 * perPass + 1; i++) {
            last = schedule.next();
        }

        assertThat(last.pass()).isEqualTo(5);
        assertThat(schedule.hasNext()).isTrue();
    }

    @Test
    void partitionClockPublishesEachFolderAtItsTickInOffsetOrder() {
        ReplaySchedule schedule = new ReplaySchedule(data, ClockMode.PARTITION, EPOCH, 1, 10_000, new RowSkips());
        Set<Double> ticks = new HashSet<>();
        data.files().forEach(f -> ticks.add(f.partitionSeconds()));

        List<ScheduledReading> all = drain(schedule);

        assertThat(all).hasSize((int) (TestData.LOCATION_ROWS + TestData.ACCELERATION_ROWS));
        assertThat(all).allSatisfy(s -> assertThat(ticks).contains(s.simSeconds()));
        for (int i = 1; i < all.size(); i++) {
            ScheduledReading a = all.get(i - 1);
            ScheduledReading b = all.get(i);
            assertThat(b.simSeconds()).isGreaterThanOrEqualTo(a.simSeconds());
            if (a.simSeconds() == b.simSeconds()) {
                assertThat(b.eventTimeMillis()).isGreaterThanOrEqualTo(a.eventTimeMillis());
            }
        }
    }

    /** The progress's 100 %: the last row of a pass is paced at the schedule's last second, in either clock mode. */
    @Test
    void theLastSimulatedSecondIsWhereTheLastRowIsPaced() {
        for (ClockMode mode : ClockMode.values()) {
            ReplaySchedule schedule = new ReplaySchedule(data, mode, EPOCH, 1, 10_000, new RowSkips());
            double first = schedule.firstSimSeconds();
            double last = schedule.lastSimSeconds();

            List<ScheduledReading> all = drain(schedule);

            assertThat(all.get(0).simSeconds()).as(mode + " first").isEqualTo(first);
            assertThat(all.get(all.size() - 1).simSeconds()).as(mode + " last").isEqualTo(last);
        }
    }

    @Test
    void unsortedFileRowsAreSortedAndTiesAreDeterministic() {
        DataFile file = new DataFile(SensorKind.ACCELERATIONS, Path.of("f"), 0, 0.1, 0.3, 3);
        List<SensorReading> rows = List.of(sample("b", 0.3), sample("a", 0.1), sample("c", 0.2));
        ReplaySchedule schedule = new ReplaySchedule(List.of(file), ClockMode.OFFSET, EPOCH, 1, 1000,
                new RowSkips(), (f, s) -> rows);

        assertThat(drain(schedule)).extracting(s -> s.reading().rideId()).containsExactly("a", "c", "b");
    }

    /** A loop over data whose every row is skipped (null ride ids, say) has nothing to publish: it ends, not spins. */
    @Test
    void aLoopOverDataWithoutAPublishableRowEnds() {
        DataFile file = new DataFile(SensorKind.ACCELERATIONS, Path.of("f"), 0, 0.1, 0.3, 3);
        ReplaySchedule schedule = new ReplaySchedule(List.of(file), ClockMode.OFFSET, EPOCH, 0, 1000,
                new RowSkips(), (f, s) -> List.of());

        // without the rule the loop reads the file pass after pass and never answers
        boolean hasNext = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), schedule::hasNext);
        schedule.close();
        assertThat(hasNext).isFalse();
    }

    /** Skipped rows count for the files the replay took, not for the files read ahead of a replay that stops. */
    @Test
    void skipsCountTheFilesTakenNotTheReadAhead() throws InterruptedException {
        DataFile file = new DataFile(SensorKind.ACCELERATIONS, Path.of("f"), 0, 0.1, 0.1, 2);
        RowSkips skips = new RowSkips();
        AtomicInteger reads = new AtomicInteger();
        ReplaySchedule schedule = new ReplaySchedule(List.of(file), ClockMode.OFFSET, EPOCH, 0, 1000, skips, (f, s) -> {
            reads.incrementAndGet();
            s.add(SensorKind.ACCELERATIONS, "null ride_id"); // each file has one row to skip and one to publish
            return List.of(sample("a", 0.1));
        });

        try {
            for (int pass = 0; pass < 3; pass++) {
                schedule.next();
            }
            // the reader runs ahead of the replay (a window of files)
            await("10 files read ahead").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> reads.get() >= 10);
        } finally {
            schedule.close();
        }

        // 10 reads: counting the files read would give 10 skips, well outside what the files taken give
        assertThat(skips.total()).isBetween(3L, 4L);
    }

    /**
     * A file too big for the heap: one line naming it and the -Xmx to give (exit 2 after the summary, as a corrupt
     * page), after the rows of the files before it. Before, "java.io.UncheckedIOException: ...OutOfMemoryError", exit
     * 1. Another Error is not bad input and comes through as it is.
     */
    @Test
    void aFileThatDoesNotFitTheHeapIsALineNamingItAndOtherErrorsPassThrough() {
        DataFile small = new DataFile(SensorKind.ACCELERATIONS, Path.of("t=000.0/small.parquet"), 0, 0.1, 0.1, 1);
        DataFile big = new DataFile(SensorKind.ACCELERATIONS, Path.of("t=000.0/big.parquet"), 0, 0.2, 0.2, 9);
        for (Error thrown : List.of(new OutOfMemoryError("Java heap space"), new NoClassDefFoundError("Gone"))) {
            ReplaySchedule schedule = new ReplaySchedule(List.of(small, big), ClockMode.OFFSET, EPOCH, 1, 1000,
                    new RowSkips(), (f, s) -> {
                        if (f == big) {
                            throw thrown;
                        }
                        return List.of(sample("a", 0.1));
                    });
            try {
                assertThat(schedule.next().reading().rideId()).isEqualTo("a");
                Throwable failure = Assertions.assertThrows(Throwable.class, schedule::hasNext);
                if (thrown instanceof OutOfMemoryError) {
                    assertThat(failure).isInstanceOf(InvalidDatasetException.class).hasCause(thrown)
                            .hasMessageStartingWith(Path.of("t=000.0/big.parquet") + ": out of memory while reading")
                            .hasMessageContaining("java -Xmx");
                } else {
                    assertThat(failure).isSameAs(thrown);
                }
            } finally {
                schedule.close();
            }
        }
    }

    /**
     * Rows of several files at one time: by offset, then GPS before accelerometer, then by ride, then in the order the
     * files were opened (two files of one kind and ride). With the partition clock every file of a partition has the
     * same key, so the whole order inside a partition is the tie rule.
     */
    @Test
    void tiesAcrossFilesBreakByOffsetKindRideThenOpenOrder() {
        DataFile accelB = new DataFile(SensorKind.ACCELERATIONS, Path.of("ab"), 0, 0.1, 0.2, 2);
        DataFile fixB = new DataFile(SensorKind.LOCATIONS, Path.of("lb"), 0, 0.1, 0.2, 2);
        DataFile accelA = new DataFile(SensorKind.ACCELERATIONS, Path.of("aa"), 0, 0.1, 0.2, 2);
        DataFile accelA2 = new DataFile(SensorKind.ACCELERATIONS, Path.of("aa2"), 0, 0.1, 0.2, 1);
        Map<DataFile, List<SensorReading>> rows = Map.of(
                accelB, List.of(sample("b", 0.1), sample("b", 0.2)),
                fixB, List.of(fix("b", 0.1), fix("b", 0.2)),
                accelA, List.of(sample("a", 0.1), sample("a", 0.2)),
                accelA2, List.of(sample("a", 0.1)));
        for (ClockMode clock : ClockMode.values()) {
            ReplaySchedule schedule = new ReplaySchedule(List.of(accelB, fixB, accelA, accelA2), clock, EPOCH, 1,
                    1000, new RowSkips(), (f, s) -> rows.get(f));

            assertThat(drain(schedule)).as(clock.name()).extracting(s -> s.kind().name().charAt(0) + ":"
                            + s.reading().rideId() + "@" + s.reading().offset() + (s.reading() == rows.get(accelA2)
                            .get(0) ? "'" : ""))
                    .containsExactly("L:b@0.1", "A:a@0.1", "A:a@0.1'", "A:b@0.1", "L:b@0.2", "A:a@0.2", "A:b@0.2");
        }
    }

    private static SensorReading fix(String ride, double offset) {
        return new LocationFix(offset, null, ride, "u", 0, 40, -74, "", 10, 5, 0);
    }

    private static SensorReading sample(String ride, double offset) {
        return new AccelerationSample(offset, null, ride, "u", 0, 0, 0, 0);
    }

    private static int maxFilesPerPartitionAndKind() {
        Map<String, Integer> count = new HashMap<>();
        data.files().forEach(f -> count.merge(f.kind() + "@" + f.partitionSeconds(), 1, Integer::sum));
        return count.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static List<ScheduledReading> drain(ReplaySchedule schedule) {
        List<ScheduledReading> out = new ArrayList<>();
        schedule.forEachRemaining(out::add);
        return out;
    }
}
