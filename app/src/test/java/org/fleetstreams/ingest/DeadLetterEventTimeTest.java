package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;
import static org.fleetstreams.ingest.DeadLetterFixtures.T;
import static org.fleetstreams.ingest.DeadLetterFixtures.header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;

/** Event times: a float is one, seconds or text are dead letters; a reading out of order is late for the detector. */
class DeadLetterEventTimeTest extends OnTopologyFixture {

    /** Python writes {@code time.time() * 1000} as a float: it is the event time, not a reason to use another. */
    @Test
    void aFloatEventTimeIsTheEventTime() {
        String json = "{\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":40.7,\"longitude\":-73.9,"
                + "\"speed\":5,\"accuracy\":10,\"event_time\":" + T + ".0}";
        app.locations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochMilli(T + 99_000)));
        app.pipe(sample("r", T + 500, 0, 0, 1));
        app.advanceBothInputsTo(T + 10_000);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        assertThat(app.joined.readValue().locationEventTime()).isEqualTo(T);
    }

    @Test
    void noUsableTimestamp() {
        String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":1503878401}";
        app.accelerations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8), Instant.EPOCH));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).contains("no usable timestamp");
        // stamped with the wall clock, not 1970: a dead-letter topic with time retention keeps it
        assertThat(dead.timestamp()).isPositive();
        assertThat(app.metric("dead-letter-reason-total", "accelerations/no-timestamp")).isEqualTo(1);
    }

    /**
     * An event_time in seconds beside a good record timestamp: the producer meant a time, in another unit. It was
     * joined and windowed by the record timestamp (when it was sent) without a word; it is a dead letter saying why.
     */
    @Test
    void anEventTimeInSecondsIsADeadLetterEvenWithAGoodRecordTimestamp() {
        String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":" + T / 1000 + "}";
        app.accelerations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("no usable timestamp: event_time " + T / 1000
                + " is not epoch milliseconds");
        assertThat(app.metric("dead-letter-reason-total", "accelerations/no-timestamp")).isEqualTo(1);
    }

    /**
     * An event_time of 0 (a phone whose clock was never set) beside a good record timestamp: 0 was how a reading said
     * "none", so the record timestamp stood in for a time the producer gave, without a word. Each spelling of it is a
     * dead letter saying why, on either parser (an integer literal on the fast one, a float on Jackson's).
     */
    @Test
    void anEventTimeOfZeroIsADeadLetterEvenWithAGoodRecordTimestamp() {
        List<String> zeros = List.of("0", "-0", "0.5", "-0.0", "0e3");
        for (String zero : zeros) {
            String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":" + zero + "}";
            app.accelerations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));

            TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
            assertThat(header(dead, DeadLetterHeaders.REASON)).as(zero)
                    .startsWith("no usable timestamp: event_time 0 is 1970, not epoch milliseconds");
        }
        assertThat(app.metric("dead-letter-reason-total", "accelerations/no-timestamp")).isEqualTo(zeros.size());
        assertThat(app.metric("valid-total", "accelerations")).isZero();
    }

    /**
     * An event_time written as a string (an ISO date, or digits in quotes) beside a good record timestamp: it read as
     * absent, and the reading was joined and windowed by when it was sent without a word. A null one is still none.
     */
    @Test
    void anEventTimeThatIsNotANumberIsADeadLetterEvenWithAGoodRecordTimestamp() {
        for (String eventTime : List.of("\"2017-08-28T00:00:01Z\"", "\"" + T + "\"")) {
            String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":" + eventTime + "}";
            app.accelerations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));

            TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
            assertThat(header(dead, DeadLetterHeaders.REASON)).as(eventTime)
                    .startsWith("no usable timestamp: event_time is not a number of epoch milliseconds");
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo(json);
        }
        assertThat(app.metric("dead-letter-reason-total", "accelerations/no-timestamp")).isEqualTo(2);

        String nullTime = "{\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":40,\"longitude\":-73,\"speed\":5,"
                + "\"accuracy\":10,\"event_time\":null}";
        app.locations.pipeInput(new TestRecord<>("r", nullTime.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));
        assertThat(app.deadLetters.isEmpty()).as("a null event_time is none: the record timestamp stands in").isTrue();
    }

    /**
     * Within an input, a reading may be up to the tolerated disorder (1 s) out of order: the join and the windows take
     * it, the braking detector cannot (its estimates move forward only). It is a dead letter for that one result.
     */
    @Test
    void aFixOutOfOrderWithinTheDisorderIsJoinedAndADeadLetterForTheDetectorOnly() {
        // pipe: samples for 1.1 s, then fixes at T, T + 1 s, and T + 0.6 s, 400 ms out of order
        for (long t = T; t <= T + 1_100; t += 20) {
            app.pipe(sample("r", t, 0, 0, 1));
        }
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(fix("r", T + 1_000, 40.7, -73.9, 10));
        app.pipe(fix("r", T + 600, 40.7, -73.9, 10));
        app.advanceBothInputsTo(T + 600_000);

        // verify: one dead letter, late for the detector by 400 ms, naming the fix; the join paired that fix too
        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(header(d, DeadLetterHeaders.LATE_RESULT)).isEqualTo("harsh-braking");
            assertThat(header(d, DeadLetterHeaders.LATE_BY_MS)).isEqualTo("400");
            assertThat(header(d, DeadLetterHeaders.REASON)).isEqualTo("late: missed harsh-braking by 400 ms behind its"
                    + " ride's previous reading of this kind (the detector takes readings in order only)");
            assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo("t-locations");
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).contains("\"ride_id\":\"r\"");
        });
        assertThat(app.metric("late-total", "harsh-braking")).isEqualTo(1);
        assertThat(app.joined.readValuesToList()).anySatisfy(j -> assertThat(j.locationEventTime()).isEqualTo(T + 600));
    }

    @Test
    void aSampleOutOfOrderIsADeadLetterForTheDetectorOnly() {
        // pipe: the GPS input ahead (so the merge holds no sample back and sorts none), then samples for 1 s and one
        // at T + 0.7 s, 300 ms out of order
        app.pipe(fix("r", T, 40.7, -73.9, 10));
        app.pipe(fix("r", T + 2_000, 40.7, -73.9, 10));
        for (long t = T; t <= T + 1_000; t += 20) {
            app.pipe(sample("r", t, 0, 0, 1));
        }
        app.pipe(sample("r", T + 700, 0, 0, 1));
        app.advanceBothInputsTo(T + 600_000);

        // verify: a dead letter for the detector; the windows counted the sample

        assertThat(app.deadLetters.readRecordsToList()).singleElement().satisfies(d -> {
            assertThat(header(d, DeadLetterHeaders.LATE_RESULT)).isEqualTo("harsh-braking");
            assertThat(header(d, DeadLetterHeaders.LATE_BY_MS)).isEqualTo("300");
            assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo("t-accelerations");
        });
        assertThat(app.metric("late-total", "harsh-braking")).isEqualTo(1);
        assertThat(app.summaries.readValuesToList()).anySatisfy(s -> assertThat(s.accelSamples()).isEqualTo(52));
    }
}
