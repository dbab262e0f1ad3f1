package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;
import static org.fleetstreams.ingest.DeadLetterFixtures.T;
import static org.fleetstreams.ingest.DeadLetterFixtures.header;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;

/** An invalid reading is one dead letter: its reason, source and offset in headers, counted per kind and reason. */
class DeadLetterTest extends OnTopologyFixture {

    /** Each reason's counter is there at 0 from the start: made at its first dead letter, its first rise was lost. */
    @Test
    void everyReasonsCounterIsThereAtZeroBeforeAnyDeadLetter() {
        for (String input : List.of("locations", "accelerations")) {
            for (String category : DeadLetters.CATEGORIES) {
                List<Object> values = app.driver.metrics().entrySet().stream()
                        .filter(e -> e.getKey().name().equals("dead-letter-reason-total")
                                && e.getKey().tags().containsValue(input + "/" + category))
                        .map(e -> e.getValue().metricValue()).toList();
                assertThat(values).as(input + "/" + category).containsExactly(0.0);
            }
        }
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

    @Test
    void aRideIdOfThousandsOfCharactersIsADeadLetterNotAnOutputTheProducerCouldRefuse() {
        String ride = "r".repeat(5_000);
        byte[] bytes = FleetSerdes.locationFix().toBytes(fix(ride, T, 40.7, -73.9, 5));
        assertDeadLetter(app.locations, ride, new String(bytes, StandardCharsets.UTF_8), T,
                "ride_id too long: 5000 characters (at most 1000)", "t-locations");
        assertThat(app.metric("dead-letter-reason-total", "locations/out-of-range")).isEqualTo(1);
    }

    @Test
    void aReplayedDeadLetterGetsOneSetOfHeadersOurs() {
        RecordHeaders old = new RecordHeaders();
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
    void validJsonOfTheWrongShapeIsCountedByWhatIsWrongNotAsNotJson() {
        String nullSpeed = "{\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":40.7,\"longitude\":-73.9,"
                + "\"speed\":null,\"accuracy\":10}";
        String quotedX = "{\"offset\":1,\"ride_id\":\"r\",\"x\":\"12.5\",\"y\":0,\"z\":1}";
        app.locations.pipeInput("r", nullSpeed.getBytes(StandardCharsets.UTF_8), T);
        app.accelerations.pipeInput("r", quotedX.getBytes(StandardCharsets.UTF_8), T);
        app.accelerations.pipeInput("r", "[1,2]".getBytes(StandardCharsets.UTF_8), T);
        app.locations.pipeInput("r", "{\"offset\":".getBytes(StandardCharsets.UTF_8), T); // cut short: not JSON
        app.accelerations.pipeInput("r", new byte[0], T); // empty: no JSON at all, not JSON of the wrong shape
        app.accelerations.pipeInput("r", " \n".getBytes(StandardCharsets.UTF_8), T);

        assertThat(app.deadLetters.readRecordsToList()).hasSize(6);
        assertThat(app.metric("dead-letter-reason-total", "locations/missing-field")).isEqualTo(1);
        assertThat(app.metric("dead-letter-reason-total", "accelerations/wrong-type")).isEqualTo(2);
        assertThat(app.metric("dead-letter-reason-total", "locations/not-json")).isEqualTo(1);
        assertThat(app.metric("dead-letter-reason-total", "accelerations/not-json")).isEqualTo(2);
    }

    @Test
    void reasonsFallIntoFewCategoriesForMetrics() {
        assertThat(DeadLetters.category("null value")).isEqualTo("null-value");
        assertThat(DeadLetters.category("missing required property 'z'")).isEqualTo("missing-field");
        assertThat(DeadLetters.category("coordinates out of range (91.0, 0.0)")).isEqualTo("out-of-range");
        assertThat(DeadLetters.category("key 'a' is neither the value's ride_id 'b' nor its uuid 'c'")).isEqualTo("key-mismatch");
        assertThat(DeadLetters.category("no usable timestamp: ...")).isEqualTo("no-timestamp");
        // an empty or blank value is no JSON at all, not JSON of the wrong shape
        assertThat(DeadLetters.category("not a valid LocationFix JSON value: no JSON at all: the value is empty or blank"))
                .isEqualTo("not-json");
        assertThat(DeadLetters.category("not a valid LocationFix JSON value: expected a JSON object, found [")).isEqualTo("wrong-type");
    }

    private void assertDeadLetter(TestInputTopic<String, byte[]> topic, String key, String json,
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
}
