package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonFormatTest {

    private static final LocationFix FIX = new LocationFix(1.525, null, "c9a2b46c", "19b9aa10", 299.6,
            40.76287, -73.96194, "dr5ruuwscttz", -1.0, 10.0, 1_700_000_001_525L);
    private static final AccelerationSample SAMPLE = new AccelerationSample(0.822, "58682c5d", "c9a2b46c",
            "19b9aa10", -0.994, 0.045, -0.036, 1_700_000_000_822L);

    @Test
    void locationJsonHasExactlyTheCourseFieldsPlusEventTime() throws Exception {
        JsonNode node = Json.mapper().readTree(FleetSerdes.locationFix().toBytes(FIX));

        assertThat(fieldNames(node)).containsExactly("offset", "id", "ride_id", "uuid", "course", "latitude",
                "longitude", "geohash", "speed", "accuracy", "event_time");
        assertThat(node.get("id").isNull()).isTrue();
        assertThat(node.get("speed").asDouble()).isEqualTo(-1.0);
    }

    @Test
    void accelerationJsonHasExactlyTheCourseFieldsPlusEventTime() throws Exception {
        JsonNode node = Json.mapper().readTree(FleetSerdes.accelerationSample().toBytes(SAMPLE));

        assertThat(fieldNames(node)).containsExactly("offset", "id", "ride_id", "uuid", "x", "y", "z", "event_time");
    }

    @Test
    void recordsRoundTrip() {
        assertThat(FleetSerdes.locationFix().fromBytes(FleetSerdes.locationFix().toBytes(FIX))).isEqualTo(FIX);
        assertThat(FleetSerdes.accelerationSample().fromBytes(FleetSerdes.accelerationSample().toBytes(SAMPLE)))
                .isEqualTo(SAMPLE);
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersMayAddColumns() {
        String json = "{\"offset\":1,\"id\":null,\"ride_id\":\"r\",\"uuid\":\"u\",\"x\":0.1,\"y\":0.2,\"z\":0.3,"
                + "\"event_time\":5,\"timelapse\":false}";

        assertThat(FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)).z()).isEqualTo(0.3);
    }

    @Test
    void aSummaryWrittenBeforeSpeedFixesStillReads() {
        // a restored ride-overview store or an old topic holds summaries without the field: read, with no weight known
        String before = "{\"ride_id\":\"r\",\"window_start\":0,\"window_end\":30000,\"gps_fixes\":4,\"mean_speed\":10.0,"
                + "\"max_speed\":12.0,\"distance_m\":100.0,\"accel_samples\":1500,\"peak_decel_g\":0.1,\"harsh_braking_count\":0}";
        CarSummary now = new CarSummary("r", 0, 30_000, 4, 3, 10.0, 12.0, 100.0, 1500, 0.1, 0);

        assertThat(FleetSerdes.carSummary().fromBytes(before.getBytes(StandardCharsets.UTF_8)).speedFixes()).isNull();
        assertThat(FleetSerdes.carSummary().fromBytes(FleetSerdes.carSummary().toBytes(now))).isEqualTo(now);
        assertThat(new String(FleetSerdes.carSummary().toBytes(now), StandardCharsets.UTF_8))
                .contains("\"gps_fixes\":4,\"speed_fixes\":3,\"mean_speed\":10.0");
    }

    @Test
    void aMissingNumberIsAnErrorNotZero() {
        String json = "{\"offset\":1,\"id\":null,\"ride_id\":\"r\",\"uuid\":\"u\",\"x\":0.1,\"y\":0.2,\"event_time\":5}";

        assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("AccelerationSample")
                .hasMessageContaining("'z'");
    }

    @Test
    void theCoursesOwnFormatWithoutEventTimeOrIdsIsAccepted() {
        String json = "{\"offset\":1.5,\"ride_id\":\"r\",\"course\":90,\"latitude\":40.7,\"longitude\":-73.9,"
                + "\"speed\":-1,\"accuracy\":10}";

        LocationFix fix = FleetSerdes.locationFix().fromBytes(json.getBytes(StandardCharsets.UTF_8));

        assertThat(fix.eventTime()).isZero();
        assertThat(fix.id()).isNull();
        assertThat(fix.geohash()).isNull();
    }

    @Test
    void aNullNumberIsAnErrorNotZero() {
        String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":null,\"z\":0.3}";

        assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aMissingRideIdIsAnError() {
        String json = "{\"offset\":1,\"x\":0.1,\"y\":0.2,\"z\":0.3}";

        assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("ride_id");
    }

    @Test
    void garbageIsASerializationExceptionWithAReason() {
        assertThatThrownBy(() -> FleetSerdes.locationFix().fromBytes("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("not a valid LocationFix JSON value");
    }

    @Test
    void unknownSpeedIsNotAValidSpeed() {
        assertThat(FIX.hasValidSpeed()).isFalse();
        assertThat(FIX.withIdentity(null, "r", "u", 0).hasValidSpeed()).isFalse();
        assertThat(new LocationFix(0, null, "r", "u", 0, 0, 0, "g", 0.0, 5, 0).hasValidSpeed()).isTrue();
    }

    @Test
    void fieldsMayComeInAnyOrderAndUnknownOnesMayNest() {
        String json = "{\"z\":0.3,\"extra\":{\"a\":[1,{\"b\":null}],\"x\":9},\"y\":0.2,\"ride_id\":\"r\","
                + "\"x\":0.1,\"event_time\":1700000000000,\"offset\":2}";

        assertThat(FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new AccelerationSample(2, null, "r", null, 0.1, 0.2, 0.3, 1_700_000_000_000L));
    }

    @Test
    void aRepeatedFieldTakesTheLastValue() {
        String json = "{\"offset\":1,\"ride_id\":\"a\",\"ride_id\":\"b\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"z\":0.4}";

        AccelerationSample sample = FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8));

        assertThat(sample.rideId()).isEqualTo("b");
        assertThat(sample.z()).isEqualTo(0.4);
    }

    @Test
    void eventTimeCountsOnlyAsANumberALongHolds() {
        String floatJson = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":1.7e12}";
        assertThat(FleetSerdes.accelerationSample().fromBytes(floatJson.getBytes(StandardCharsets.UTF_8)).eventTime())
                .isEqualTo(1_700_000_000_000L);
        String nullJson = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":null}";
        assertThat(FleetSerdes.accelerationSample().fromBytes(nullJson.getBytes(StandardCharsets.UTF_8)).eventTime())
                .as("null: none").isZero();
        // given, but no number a long holds: not "none", which would let the record timestamp stand in for it
        for (String eventTime : List.of("\"1700000000000\"", "\"2017-08-28T00:00:01Z\"", "true", "[1]", "{\"ms\":1}",
                "123456789012345678901234567890", "1e300")) {
            String json = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3,\"event_time\":" + eventTime + "}";

            assertThat(FleetSerdes.accelerationSample().fromBytes(json.getBytes(StandardCharsets.UTF_8)).eventTime())
                    .as(eventTime).isEqualTo(ReadingFields.EVENT_TIME_NOT_A_NUMBER);
            assertThat(FleetSerdes.locationFix().fromBytes(("{\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":1,"
                    + "\"longitude\":1,\"speed\":1,\"accuracy\":1,\"event_time\":" + eventTime + "}")
                    .getBytes(StandardCharsets.UTF_8)).eventTime()).as(eventTime).isEqualTo(ReadingFields.EVENT_TIME_NOT_A_NUMBER);
        }
    }

    @Test
    void contentAfterTheObjectIsAnError() {
        String one = "{\"offset\":1,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":0.3}";
        for (String value : List.of(one + "\n" + one, one + " garbage", one + "}")) {
            assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes(value.getBytes(StandardCharsets.UTF_8)))
                    .as(value).isInstanceOf(SerializationException.class);
        }
        assertThat(FleetSerdes.accelerationSample().fromBytes((one + " \n").getBytes(StandardCharsets.UTF_8)).rideId())
                .isEqualTo("r");
    }

    @Test
    void wrongTypesAreErrorsWithTheFieldsName() {
        assertThatThrownBy(() -> FleetSerdes.locationFix().fromBytes(("{\"offset\":1,\"ride_id\":\"r\",\"course\":0,"
                + "\"latitude\":\"40.7\",\"longitude\":-73.9,\"speed\":1,\"accuracy\":5}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("not a valid LocationFix JSON value: not a number for required property 'latitude'");
        assertThatThrownBy(() -> FleetSerdes.locationFix().fromBytes(("{\"offset\":1,\"ride_id\":7,\"course\":0,"
                + "\"latitude\":40.7,\"longitude\":-73.9,\"speed\":1,\"accuracy\":5}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not a string for property 'ride_id'");
        assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("expected a JSON object, found [");
    }

    @Test
    void everyRequiredFieldOfALocationIsChecked() {
        String all = "\"offset\":1,\"ride_id\":\"r\",\"course\":0,\"latitude\":40.7,\"longitude\":-73.9,"
                + "\"speed\":1,\"accuracy\":5";
        for (String name : List.of("offset", "ride_id", "course", "latitude", "longitude", "speed", "accuracy")) {
            String without = "{" + all.replaceAll("\"" + name + "\":[^,]*,?", "").replaceAll(",$", "") + "}";

            assertThatThrownBy(() -> FleetSerdes.locationFix().fromBytes(without.getBytes(StandardCharsets.UTF_8)))
                    .as(without).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("missing required property '" + name + "'");
        }
    }

    /** The records' Jackson annotations and the hand-written readers take the required fields from one list. */
    @Test
    void theRecordsRequireExactlyTheFieldsReadingFieldsNames() {
        assertThat(requiredByAnnotation(LocationFix.class)).containsExactlyInAnyOrderElementsOf(ReadingFields.LOCATION_REQUIRED);
        assertThat(requiredByAnnotation(AccelerationSample.class))
                .containsExactlyInAnyOrderElementsOf(ReadingFields.ACCELERATION_REQUIRED);
        String all = "\"offset\":0.02,\"ride_id\":\"r\",\"x\":0.1,\"y\":0.2,\"z\":-1";
        for (String name : ReadingFields.ACCELERATION_REQUIRED) {
            String without = "{" + all.replaceAll("\"" + name + "\":[^,]*,?", "").replaceAll(",$", "") + "}";
            assertThatThrownBy(() -> FleetSerdes.accelerationSample().fromBytes(without.getBytes(StandardCharsets.UTF_8)))
                    .as(without).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("missing required property '" + name + "'");
        }
    }

    /** The properties the record's {@code @JsonCreator} marks {@code required}. */
    private static List<String> requiredByAnnotation(Class<?> type) {
        Method creator = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(JsonCreator.class))
                .findFirst().orElseThrow();
        return Arrays.stream(creator.getParameters())
                .map(c -> c.getAnnotation(JsonProperty.class))
                .filter(a -> a != null && a.required())
                .map(JsonProperty::value)
                .toList();
    }

    @Test
    void theHandWrittenReadersAgreeWithJacksonsDataBinding() {
        JsonSerde<LocationFix> bound = new JsonSerde<>(LocationFix.class);
        JsonSerde<AccelerationSample> boundSample = new JsonSerde<>(AccelerationSample.class);
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            LocationFix fix = new LocationFix(random.nextDouble() * 130, random.nextBoolean() ? null : "id" + i, "r" + i,
                    "u\"\\é" + i, random.nextDouble() * 360, random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180,
                    random.nextBoolean() ? null : "dr5ru", random.nextInt(3) - 1 + random.nextDouble(), 1e-9 * i,
                    random.nextLong() >>> 20);
            byte[] bytes = bound.toBytes(fix);
            assertThat(FleetSerdes.locationFix().fromBytes(bytes)).isEqualTo(bound.fromBytes(bytes)).isEqualTo(fix);
            AccelerationSample sample = new AccelerationSample(i * 0.02, null, "r", "u", random.nextGaussian(),
                    random.nextGaussian() * 1e-7, -random.nextGaussian() * 1e7, i + 1);
            byte[] sampleBytes = boundSample.toBytes(sample);
            assertThat(FleetSerdes.accelerationSample().fromBytes(sampleBytes)).isEqualTo(boundSample.fromBytes(sampleBytes))
                    .isEqualTo(sample);
        }
    }

    @Test
    void theHandWrittenWriterWritesWhatJacksonsDataBindingWritesAndTheReaderReadsItBack() {
        ReadingJsonWriter writer = new ReadingJsonWriter(true); // with event_time, as the annotations write
        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            LocationFix fix = new LocationFix(random.nextDouble() * 130, random.nextBoolean() ? null : "id" + i, "r" + i,
                    "u\"\\é\n" + i, random.nextDouble() * 360, random.nextDouble() * 180 - 90, random.nextDouble() * 360 - 180,
                    random.nextBoolean() ? null : "dr5ru", random.nextInt(3) - 1 + random.nextDouble(), 1e-9 * i,
                    random.nextLong() >>> 20);
            byte[] written = writer.write(fix, fix.eventTime()).json();
            assertThat(new String(written, StandardCharsets.UTF_8))
                    .isEqualTo(new String(FleetSerdes.locationFix().toBytes(fix), StandardCharsets.UTF_8));
            assertThat(FleetSerdes.locationFix().fromBytes(written)).isEqualTo(fix);
            AccelerationSample sample = new AccelerationSample(i * 0.02, null, "r", random.nextBoolean() ? null : "u",
                    random.nextGaussian(), random.nextGaussian() * 1e-7, -random.nextGaussian() * 1e7, i + 1);
            byte[] sampleWritten = writer.write(sample, sample.eventTime()).json();
            assertThat(new String(sampleWritten, StandardCharsets.UTF_8))
                    .isEqualTo(new String(FleetSerdes.accelerationSample().toBytes(sample), StandardCharsets.UTF_8));
            assertThat(FleetSerdes.accelerationSample().fromBytes(sampleWritten)).isEqualTo(sample);
        }
    }

    @Test
    void theWriterTakesTheEventTimeItIsGivenAndMarksTheThreeIdentityValues() throws Exception {
        ReadingJsonWriter.Written written = new ReadingJsonWriter(true).write(FIX, 42);
        String json = new String(written.json(), StandardCharsets.UTF_8);

        assertThat(Json.mapper().readTree(written.json()).get("event_time").asLong()).isEqualTo(42);
        assertThat(Json.mapper().readTree(new ReadingJsonWriter().write(FIX, 42).json()).has("event_time"))
                .as("by default exactly the course's fields").isFalse();
        assertThat(json.substring(written.start(0), written.end(0))).isEqualTo("null");
        assertThat(json.substring(written.start(1), written.end(1))).isEqualTo("\"c9a2b46c\"");
        assertThat(json.substring(written.start(2), written.end(2))).isEqualTo("\"19b9aa10\"");
    }

    @Test
    void theFieldNamesAreTheCoursesInTheOrderTheRecordsWriteThem() throws Exception {
        assertThat(fieldNames(Json.mapper().readTree(FleetSerdes.locationFix().toBytes(FIX))))
                .isEqualTo(ReadingFields.LOCATION);
        assertThat(fieldNames(Json.mapper().readTree(FleetSerdes.accelerationSample().toBytes(SAMPLE))))
                .isEqualTo(ReadingFields.ACCELERATION);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
