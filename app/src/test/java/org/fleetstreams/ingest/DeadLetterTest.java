package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.common.FleetSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterTest {

    private static final long T = EPOCH + 60_000;

    @TempDir
    Path state;
    private TopologyFixture app;

    @BeforeEach
    void start() {
        app = new TopologyFixture(TopologyFixture.config(state));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void notJson() {
        assertDeadLetter(app.locations, "r", "{oops", T, "not a valid LocationFix JSON value", "t-locations");
    }

    @Test
    void missingRideId() {
        assertDeadLetter(app.accelerations, "r", "{\"offset\":1,\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":" + T + "}", T,
                "ride_id", "t-accelerations");
    }

    @Test
    void blankRideId() {
        assertDeadLetter(app.accelerations, "", "{\"offset\":1,\"ride_id\":\"\",\"x\":0.1,\"y\":0.2,\"z\":0.3}", T,
                "missing ride_id", "t-accelerations");
    }

    @Test
    void missingNumber() {
        assertDeadLetter(app.accelerations, "r", "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2}", T,
                "missing required property 'z'", "t-accelerations");
    }

    @Test
    void nanIsNotANumberJsonAccepts() {
        assertDeadLetter(app.accelerations, "r", "{\"offset\":1,\"ride_id\":\"r\",\"x\":NaN,\"y\":0.2,\"z\":0.3}", T,
                "Non-standard token 'NaN'", "t-accelerations");
    }

    @Test
    void coordinatesOutOfRange() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 123.4, -73.9, 5));
        assertDeadLetter(app.locations, "r", new String(bytes, StandardCharsets.UTF_8), T,
                "coordinates out of range (123.4, -73.9)", "t-locations");
    }

    @Test
    void accelerationBeyondTheSensorRange() {
        byte[] bytes = FleetSerdes.accelerationSample().toBytes(sample("r", T, 0.1, 40, 0.3));
        assertDeadLetter(app.accelerations, "r", new String(bytes, StandardCharsets.UTF_8), T, "beyond 16.0 g",
                "t-accelerations");
    }

    @Test
    void negativeSpeedOtherThanUnknown() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, -3));
        assertDeadLetter(app.locations, "r", new String(bytes, StandardCharsets.UTF_8), T, "negative speed -3.0",
                "t-locations");
    }

    @Test
    void aSpeedNoGpsReceiverReportsIsADeadLetterNotAnInfiniteMean() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 1e308));
        assertDeadLetter(app.locations, "r", new String(bytes, StandardCharsets.UTF_8), T,
                "speed 1.0E308 m/s beyond 515.0 m/s", "t-locations");
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void keyThatIsNotTheRideId() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        assertDeadLetter(app.locations, "other", new String(bytes, StandardCharsets.UTF_8), T,
                "key 'other' is neither the value's ride_id 'r' nor its uuid 'u-r'", "t-locations");
    }

    /**
     * A producer that keys "by car", by the phone's uuid: every record of a ride is still in one partition number of
     * both inputs, so the ride is joined as when keyed by its ride_id, and its outputs are keyed by the ride.
     */
    @Test
    void aRecordKeyedByItsUuidIsItsRides() {
        pipePair("u-r", "r", T);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        List<TestRecord<String, org.fleetstreams.common.JoinedReading>> pairs = app.joined.readRecordsToList();
        assertThat(pairs).singleElement().satisfies(pair -> {
            assertThat(pair.key()).isEqualTo("r");
            assertThat(pair.value().rideId()).isEqualTo("r");
        });
    }

    @Test
    void aRideIdOfThousandsOfCharactersIsADeadLetterNotAnOutputTheProducerCouldRefuse() {
        String ride = "r".repeat(5_000);
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix(ride, T, 40.7, -73.9, 5));
        assertDeadLetter(app.locations, ride, new String(bytes, StandardCharsets.UTF_8), T,
                "ride_id too long: 5000 characters (at most 1000)", "t-locations");
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void aRecordWithoutAKeySaysSo() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        app.locations.pipeInput(new TestRecord<>((String) null, bytes, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("key missing").contains("ride_id is 'r'");
        assertThat(app.metric("dead-letter-reason-total", "locations/key-mismatch")).isEqualTo(1);
    }

    /**
     * A producer that sets no key (kafka-console-producer without parse.key, a Spark sink without a key column) into
     * topics of one partition: every record is where a keyed one of its ride would be, so the app takes it as keyed
     * by its ride_id, once it knows the inputs' partition count (FleetApp puts it in Ingest.INPUT_PARTITIONS).
     */
    @Test
    void withOnePartitionARecordWithoutAKeyIsItsRides() {
        withInputPartitions(1);
        pipeKeyless("r", T);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        List<TestRecord<String, org.fleetstreams.common.JoinedReading>> pairs = app.joined.readRecordsToList();
        assertThat(pairs).hasSize(1);
        assertThat(pairs.get(0).key()).isEqualTo("r");
    }

    /**
     * With four partitions a producer without keys spreads a ride's records over them, so every keyless record is a
     * dead letter, wherever it sits (the driver reads partition 0): taken, the share in the ride's partition would give
     * normal-looking results from a thinned ride.
     */
    @Test
    void withFourPartitionsARecordWithoutAKeyIsADeadLetterEvenInItsRidesPartition() {
        withInputPartitions(4);
        pipeKeyless("r", T);

        assertThat(app.joined.isEmpty()).isTrue();
        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON))
                .startsWith("key missing").contains("ride_id is 'r'")
                .contains("with 4 partitions a keyless producer spreads a ride's records over them"));
    }

    /** The topology again, told the inputs' partition count as FleetApp tells it (Ingest.INPUT_PARTITIONS). */
    private void withInputPartitions(int partitions) {
        app.close();
        app = new TopologyFixture(TopologyFixture.config(state).withOverrides(
                java.util.Map.of(Ingest.INPUT_PARTITIONS, String.valueOf(partitions))));
    }

    /** A fix and a sample 0.5 s later of {@code ride}, both without a key: one joined pair when taken. */
    private void pipeKeyless(String ride, long t) {
        pipePair(null, ride, t);
    }

    /** A fix and a sample 0.5 s later of {@code ride}, both with {@code key}. */
    private void pipePair(String key, String ride, long t) {
        app.locations.pipeInput(new TestRecord<>(key, FleetSerdes.locationFix().toBytes(fix(ride, t, 40.7, -73.9, 5)),
                Instant.ofEpochMilli(t)));
        app.accelerations.pipeInput(new TestRecord<>(key,
                FleetSerdes.accelerationSample().toBytes(sample(ride, t + 500, 0.1, 0.2, 1.0)), Instant.ofEpochMilli(t + 500)));
    }

    @Test
    void aKeyMismatchQuotesLongValuesShortened() {
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        String key = "k".repeat(5_000);
        app.locations.pipeInput(new TestRecord<>(key, bytes, Instant.ofEpochMilli(T)));

        String reason = header(app.deadLetters.readRecord(), DeadLetterHeaders.REASON);
        assertThat(reason).startsWith("key 'kkk").contains("(5000 characters)").endsWith("ride_id 'r' nor its uuid 'u-r'");
        assertThat(reason.length()).isLessThan(300);
    }

    /** An input as large as a broker takes by default: its dead letter, headers added, must still be writable. */
    @Test
    void aValueTooLargeToCopyWholeIsCutAndSaysHowLongItWas() {
        byte[] original = new byte[1_000_000];
        java.util.Arrays.fill(original, (byte) 'x');
        app.locations.pipeInput(new TestRecord<>("r", original, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo("1000000");
        assertThat(dead.value().length).isLessThanOrEqualTo(900_000);
        assertThat(dead.value()).isEqualTo(java.util.Arrays.copyOf(original, dead.value().length));
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("value too large: 1,000,000 bytes, a reading may"
                + " have at most 65,536");
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void aKeyTooLargeToCopyWholeIsCutAndSaysHowLongItWas() {
        String key = "k".repeat(600_000);
        byte[] value = new byte[300_000];
        java.util.Arrays.fill(value, (byte) 'x');
        app.locations.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(dead.key()).isEqualTo(key.substring(0, 10_000));
        assertThat(header(dead, DeadLetterHeaders.KEY_TRUNCATED_FROM)).isEqualTo("600000");
        assertThat(dead.value()).isEqualTo(value);
    }

    /**
     * Valid JSON with unknown fields of any size: beyond what a reading may be, a dead letter (cut to fit) at once; a
     * state store would otherwise keep it, and a changelog record of it could pass what the producer sends.
     */
    @Test
    void aValidReadingOfAMegabyteIsADeadLetterCutToFit() {
        String fix = new String(FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5)), StandardCharsets.UTF_8);
        String large = fix.substring(0, fix.length() - 1) + ",\"notes\":\"" + "n".repeat(950_000) + "\"}";

        app.locations.pipeInput(new TestRecord<>("r", large.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("value too large: ");
        assertThat(header(dead, DeadLetterHeaders.TRUNCATED_FROM)).isEqualTo(String.valueOf(large.length()));
        assertThat(dead.value().length).isLessThan(900_000);
        assertThat(app.deadLetters.isEmpty()).isTrue();
    }

    /** The largest reading the check takes, late for its results: its dead letters carry it whole. */
    @Test
    void theLargestValidReadingLateForItsResultsIsADeadLetterWhole() {
        app.pipe(fix("r", T, 40.7, -73.9, 5));
        app.pipe(sample("r", T + 100, 0, 0, 1));
        app.advanceBothInputsTo(T + 600_000);
        app.deadLetters.readRecordsToList();
        String fix = new String(FleetSerdes.locationFix().toBytes(fix("r", T + 1_000, 40.7, -73.9, 5)),
                StandardCharsets.UTF_8);
        String head = fix.substring(0, fix.length() - 1) + ",\"notes\":\"";
        String large = head + "n".repeat(CheckedSerde.MAX_VALUE_BYTES - head.length() - 2) + "\"}";
        assertThat(large.length()).isEqualTo(CheckedSerde.MAX_VALUE_BYTES);

        app.locations.pipeInput(new TestRecord<>("r", large.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T + 1_000)));

        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).isNotEmpty().allSatisfy(d -> {
            assertThat(header(d, DeadLetterHeaders.REASON)).startsWith("late: missed");
            assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo(large);
        });
        assertThat(dead).anySatisfy(d -> assertThat(header(d, DeadLetterHeaders.REASON)).contains("car-summaries"));
    }

    @Test
    void aReplayedDeadLetterGetsOneSetOfHeadersOurs() {
        org.apache.kafka.common.header.internals.RecordHeaders old = new org.apache.kafka.common.header.internals.RecordHeaders();
        old.add(DeadLetterHeaders.REASON, "an old reason".getBytes(StandardCharsets.UTF_8));
        old.add(DeadLetterHeaders.OFFSET, "77".getBytes(StandardCharsets.UTF_8));
        old.add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));
        app.locations.pipeInput(new TestRecord<>("r", "{oops".getBytes(StandardCharsets.UTF_8), old, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(dead.headers().headers(DeadLetterHeaders.REASON)).hasSize(1);
        assertThat(header(dead, DeadLetterHeaders.REASON)).contains("not a valid LocationFix JSON value");
        assertThat(header(dead, DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(header(dead, "trace-id")).isEqualTo("abc");
    }

    /** Two objects in one record: read as the first, the second would be lost without a trace. */
    @Test
    void contentAfterTheJsonObjectIsADeadLetter() {
        String one = new String(FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5)), StandardCharsets.UTF_8);
        String two = new String(FleetSerdes.locationFix().toBytes(fix("r", T + 1000, 40.7, -73.9, 5)), StandardCharsets.UTF_8);
        assertDeadLetter(app.locations, "r", one + "\n" + two, T, "content after the JSON object", "t-locations");
    }

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
     * A valid reading's headers go with every joined pair and alert it makes: near the broker's 1 MB, those outputs
     * would be over the producer's limit and fail the task under exactly-once on every restart.
     */
    @Test
    void aReadingWithHeadersTooLargeToCarryIsADeadLetter() {
        org.apache.kafka.common.header.internals.RecordHeaders big = new org.apache.kafka.common.header.internals.RecordHeaders();
        big.add("blob", new byte[100_000]);
        byte[] fix = FleetSerdes.locationFix().toBytes(fix("r", T, 40.7, -73.9, 5));
        app.locations.pipeInput(new TestRecord<>("r", fix, big, Instant.ofEpochMilli(T)));
        app.pipe(sample("r", T + 100, 0, 0, 1));
        app.advanceBothInputsTo(T + 600_000);

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("headers too large: 100,004 bytes, a reading's may"
                + " have at most 65,536");
        assertThat(header(dead, DeadLetterHeaders.HEADERS_DROPPED)).isEqualTo("1 headers, 100004 bytes");
        assertThat(dead.value()).isEqualTo(fix);
        assertThat(app.joined.isEmpty()).as("the fix joined nothing").isTrue();
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void nullValue() {
        app.locations.pipeInput(new TestRecord<>("r", null, Instant.ofEpochMilli(T)));

        TestRecord<String, byte[]> dead = app.deadLetters.readRecord();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo("null value");
    }

    @Test
    void unknownSpeedIsNotADeadLetterAndEventTimeFallsBackToTheRecordTimestamp() {
        String json = "{\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":40.7,\"longitude\":-73.9,"
                + "\"speed\":-1,\"accuracy\":10}";
        app.locations.pipeInput(new TestRecord<>("r", json.getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(T)));
        app.pipe(sample("r", T + 500, 0, 0, 1));
        app.advanceBothInputsTo(T + 10_000);

        assertThat(app.deadLetters.isEmpty()).isTrue();
        assertThat(app.joined.readValue().locationEventTime()).isEqualTo(T);
        assertThat(app.metric("dead-letter-total", null)).isZero();
    }

    @Test
    void everyDeadLetterIsCountedPerKind() {
        app.locations.pipeInput("r", "x".getBytes(StandardCharsets.UTF_8), T);
        app.locations.pipeInput("r", "y".getBytes(StandardCharsets.UTF_8), T);
        app.accelerations.pipeInput("r", "z".getBytes(StandardCharsets.UTF_8), T);

        assertThat(app.deadLetters.readRecordsToList()).hasSize(3);
        assertThat(app.metric("dead-letter-total", "locations")).isEqualTo(2);
        assertThat(app.metric("dead-letter-total", "accelerations")).isEqualTo(1);
        assertThat(app.metric("dead-letter-reason-total", "locations/not-json")).isEqualTo(2);
        assertThat(app.metric("dead-letter-reason-total", "accelerations/not-json")).isEqualTo(1);
    }

    @Test
    void reasonsFallIntoFewCategoriesForMetrics() {
        assertThat(org.fleetstreams.deadletter.DeadLetters.category("null value")).isEqualTo("null-value");
        assertThat(org.fleetstreams.deadletter.DeadLetters.category("missing required property 'z'")).isEqualTo("missing-field");
        assertThat(org.fleetstreams.deadletter.DeadLetters.category("coordinates out of range (91.0, 0.0)")).isEqualTo("out-of-range");
        assertThat(org.fleetstreams.deadletter.DeadLetters.category("key 'a' is neither the value's ride_id 'b' nor its uuid 'c'")).isEqualTo("key-mismatch");
        assertThat(org.fleetstreams.deadletter.DeadLetters.category("no usable timestamp: ...")).isEqualTo("no-timestamp");
    }

    private void assertDeadLetter(org.apache.kafka.streams.TestInputTopic<String, byte[]> topic, String key, String json,
                                  long timestamp, String reasonPart, String sourceTopic) {
        byte[] original = json.getBytes(StandardCharsets.UTF_8);
        topic.pipeInput(new TestRecord<>(key, original, Instant.ofEpochMilli(Math.max(0, timestamp))));

        List<TestRecord<String, byte[]>> dead = app.deadLetters.readRecordsToList();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(original);
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains(reasonPart);
        assertThat(header(dead.get(0), DeadLetterHeaders.TOPIC)).isEqualTo(sourceTopic);
        assertThat(header(dead.get(0), DeadLetterHeaders.PARTITION)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetterHeaders.OFFSET)).isEqualTo("0");
        assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION)).isEqualTo(DeadLetterHeaders.INVALID_INPUT);
        assertThat(app.joined.isEmpty()).isTrue();
        assertThat(app.metric("dead-letter-total", null)).isEqualTo(1);
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

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
