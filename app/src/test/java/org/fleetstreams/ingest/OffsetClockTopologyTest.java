package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.ingest.OffsetRows.ADVANCE_MS;
import static org.fleetstreams.ingest.OffsetRows.JOIN_MS;
import static org.fleetstreams.ingest.OffsetRows.RIDE;
import static org.fleetstreams.ingest.OffsetRows.RIDE_MS;
import static org.fleetstreams.ingest.OffsetRows.SAMPLE_EVERY_MS;
import static org.fleetstreams.ingest.OffsetRows.SPEED;
import static org.fleetstreams.ingest.OffsetRows.WINDOW_MS;
import static org.fleetstreams.ingest.OffsetRows.expectedPairs;
import static org.fleetstreams.ingest.OffsetRows.expectedSamplesPerWindow;
import static org.fleetstreams.ingest.OffsetRows.ride;
import static org.fleetstreams.ingest.OffsetRows.sampleRow;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.AppConfig;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.ingest.OffsetRows.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/**
 * The offset clock ({@code --offset-epoch}): a producer that publishes the data's rows without stamping event times
 * (its record timestamps are send times, here a burst of a few hundred milliseconds) gets the same joins, windows and
 * late records as the replayer's records, whose timestamps are the epoch plus their offset.
 *
 * <p>Configure (the offset epoch), pipe one minute of a ride in one burst in offset order (a fix every 2 s at 10 m/s,
 * 50 Hz of a phone lying still), close the windows, verify against what the offsets alone say: each sample paired with
 * each fix at most 2 s away, 30 s windows every 15 s aligned to the epoch, a row published a minute late a dead
 * letter {@code late}.
 */
class OffsetClockTopologyTest {

    private static final long EPOCH = TopologyFixture.EPOCH;
    private static final long SEND = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();

    @TempDir
    Path state;

    @Test
    void rowsPublishedInABurstAreJoinedAndWindowedByTheirOffsets() {
        // two samples whose event_time is not a time (a string, seconds): on the offset clock nobody asks it
        List<Row> rows = new ArrayList<>(ride().stream().map(row -> row.fix() ? row
                : row.offsetMs() == 31_000 ? withEventTime(row, "\"soon\"")
                : row.offsetMs() == 32_000 ? withEventTime(row, "1503878432") : row).toList());
        long fixes = rows.stream().filter(Row::fix).count();
        long samples = rows.size() - fixes;

        try (TopologyFixture app = new TopologyFixture(offsetClock(TopologyFixture.config(state)))) {
            long sent = SEND;
            for (Row row : rows) {
                // the sample at 30 s comes from a phone whose clock is broken: its record timestamp is no time at all
                long timestamp = !row.fix() && row.offsetMs() == 30_000 ? 0 : sent++ / 10 * 10;
                pipe(app, row, timestamp);
            }
            // a row 20 s late, published after the rest: by its offset the join and the window [15 s, 45 s) have
            // closed (the clock is at the last fix, 58 s), the window [30 s, 60 s) has not
            pipe(app, sampleRow(40_000), sent);
            // a row whose offset puts it 317 years on: no usable time
            pipe(app, sampleRow(10_000_000_000_000L), sent);
            app.advanceBothInputsTo(EPOCH + RIDE_MS + 60_000);

            List<JoinedReading> joined = app.drain(app.joined).stream().map(TestRecord::value).toList();
            assertThat(joined).hasSize(expectedPairs(rows));
            assertThat(joined).allSatisfy(p -> assertThat(Math.abs(p.accelerationEventTime() - p.locationEventTime()))
                    .isLessThanOrEqualTo(JOIN_MS));
            assertThat(joined).extracting(JoinedReading::accelerationEventTime)
                    .allSatisfy(t -> assertThat((t - EPOCH) % SAMPLE_EVERY_MS).isZero());

            List<CarSummary> summaries = app.drain(app.summaries).stream().map(TestRecord::value).toList();
            Map<Long, Long> expected = new TreeMap<>(expectedSamplesPerWindow(EPOCH, rows));
            expected.merge(EPOCH + 2 * ADVANCE_MS, 1L, Long::sum); // the late row, where it was not late
            assertThat(summaries.stream().collect(Collectors.toMap(CarSummary::windowStart, CarSummary::accelSamples)))
                    .as("window start -> samples, each window once").isEqualTo(expected);
            assertThat(summaries).allSatisfy(s -> assertThat(s.meanSpeed()).isEqualTo(SPEED));
            assertThat(summaries.stream().mapToLong(CarSummary::accelSamples).sum()).isEqualTo(2 * samples + 1);
            assertThat(summaries.stream().mapToLong(CarSummary::gpsFixes).sum()).isEqualTo(2 * fixes);

            List<TestRecord<String, byte[]>> dead = app.drain(app.deadLetters);
            assertThat(dead.stream().filter(d -> header(d, DeadLetterHeaders.LATE_RESULT) != null)
                    .map(d -> header(d, DeadLetterHeaders.LATE_RESULT)).toList())
                    .as("the late row, once per result it missed")
                    .contains("joined", window(ADVANCE_MS))
                    .doesNotContain(window(2 * ADVANCE_MS));
            assertThat(dead.stream().map(d -> header(d, DeadLetterHeaders.REASON))
                    .filter(r -> r.startsWith("no usable timestamp")).toList())
                    .singleElement().asString().contains("offset 1.0E10 s after the offset epoch 2017-08-28T00:00:00Z");
        }
    }

    /** The same rows stamped as the replayer stamps them, on the record's own time: the same outputs. */
    @Test
    void theOffsetClockGivesWhatTheReplayersTimestampsGive() {
        List<Row> rows = ride();
        List<JoinedReading> joinedByTimestamp;
        List<CarSummary> summariesByTimestamp;
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state.resolve("stamped")))) {
            assertThat(warnings(() -> rows.forEach(row -> pipe(app, row, EPOCH + row.offsetMs()))))
                    .as("timestamps that follow the offsets: nothing to say").isEmpty();
            app.advanceBothInputsTo(EPOCH + RIDE_MS + 60_000);
            joinedByTimestamp = app.drain(app.joined).stream().map(TestRecord::value).toList();
            summariesByTimestamp = app.drain(app.summaries).stream().map(TestRecord::value).toList();
        }
        try (TopologyFixture app = new TopologyFixture(offsetClock(TopologyFixture.config(state.resolve("burst"))))) {
            rows.forEach(row -> pipe(app, row, SEND));
            app.advanceBothInputsTo(EPOCH + RIDE_MS + 60_000);
            assertThat(app.drain(app.joined).stream().map(TestRecord::value).toList()).isEqualTo(joinedByTimestamp);
            assertThat(app.drain(app.summaries).stream().map(TestRecord::value).toList()).isEqualTo(summariesByTimestamp);
            assertThat(app.drain(app.deadLetters)).isEmpty();
        }
        assertThat(joinedByTimestamp).hasSize(expectedPairs(rows));
    }

    /** Without the offset clock, a burst of rows is still joined by send time, but the app says so once per task. */
    @Test
    void withoutTheOffsetClockABurstOfRowsIsSaidOnce() {
        List<String> said;
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state))) {
            said = warnings(() -> ride().forEach(row -> pipe(app, row, SEND)));
        }
        assertThat(said).singleElement().asString()
                .contains("ride " + RIDE + ": its GPS fixes' record timestamps do not follow their offsets",
                        "--offset-epoch");
    }

    /** The warnings the input checks log while {@code piping} runs. */
    private static List<String> warnings(Runnable piping) {
        Logger logger = (Logger) LoggerFactory.getLogger(CheckAndRoute.class);
        ListAppender<ILoggingEvent> said = new ListAppender<>();
        said.start();
        logger.addAppender(said);
        try {
            piping.run();
        } finally {
            logger.detachAppender(said);
        }
        return said.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * Closing records on the offset clock take the later of their two times: those of the demo's and the tests'
     * senders (offset 0, their event time in the record timestamp and event_time, an hour after the data) close every
     * window, and so do the replayer's stamped before the data by another epoch (their offset an hour after it).
     */
    @ParameterizedTest(name = "offset {0} s, stamped {1} s after the epoch")
    @CsvSource({"0, 3600", "3600, -86400"})
    void closingRecordsCloseTheWindowsByTheLaterOfTheirTwoTimes(double offset, long stampedSeconds) {
        List<Row> rows = ride();
        try (TopologyFixture app = new TopologyFixture(offsetClock(TopologyFixture.config(state)))) {
            rows.forEach(row -> pipe(app, row, SEND));
            long closing = EPOCH + stampedSeconds * 1000;
            String ride = ClosingRecords.RIDE_ID;
            app.pipe(new LocationFix(offset, null, ride, ride, 0, 0, 0, "", -1, 0, closing));
            app.pipe(new AccelerationSample(offset, null, ride, ride, 0, 0, 1, closing));

            assertThat(app.drain(app.summaries).stream().map(TestRecord::value)
                    .collect(Collectors.toMap(CarSummary::windowStart, CarSummary::accelSamples)))
                    .isEqualTo(expectedSamplesPerWindow(EPOCH, rows));
            assertThat(app.drain(app.deadLetters)).isEmpty();
        }
    }

    private static Row withEventTime(Row row, String eventTime) {
        return new Row(row.fix(), row.offsetMs(), row.json().replace("}", ",\"event_time\":" + eventTime + "}"));
    }

    private static AppConfig offsetClock(AppConfig config) {
        return config.withOverrides(Map.of(EventTimes.OFFSET_EPOCH, Instant.ofEpochMilli(EPOCH).toString()));
    }

    private static void pipe(TopologyFixture app, Row row, long timestamp) {
        byte[] value = row.json().getBytes(StandardCharsets.UTF_8);
        (row.fix() ? app.locations : app.accelerations).pipeInput(new TestRecord<>(RIDE, value, Instant.ofEpochMilli(timestamp)));
    }

    private static String window(long startMs) {
        return "car-summaries window [" + (EPOCH + startMs) + "," + (EPOCH + startMs + WINDOW_MS) + ")";
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
