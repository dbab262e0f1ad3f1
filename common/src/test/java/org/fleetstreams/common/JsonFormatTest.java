package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
