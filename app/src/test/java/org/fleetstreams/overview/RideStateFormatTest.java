package org.fleetstreams.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.LocationFix;
import org.junit.jupiter.api.Test;

/** The ride-overview store's value format: what is written reads back as it was, and older builds' JSON still reads. */
class RideStateFormatTest {

    private static final long T0 = 1_700_000_000_000L;

    /** A full ride: a track longer than kept, fixes without speed (iOS −1), alerts with and without GPS. */
    @Test
    void aFullStateReadsBackAsItWas() {
        RideState r = RideState.empty("ride-ü-7");
        for (int i = 0; i < RideState.TRACK_SIZE + 20; i++) {
            double speed = i % 7 == 3 ? -1 : 8 + (i % 5); // an unknown speed every seventh fix
            r = r.withFix(fix("ride-ü-7", T0 + 1000L * i, 40 + i * 1e-4, -74 - i * 1e-5, speed));
        }
        for (int i = 0; i < RideState.ALERTS_SIZE + 5; i++) {
            boolean gps = i % 2 == 0;
            r = r.withAlert(new HarshBrakingAlert("ride-ü-7", T0 + 5000L * i, T0 + 5000L * i + 1200, 1200,
                    0.3 + i * 0.01, 0.25, gps ? 12.5 : null, gps ? 4.0 : null,
                    HarshBrakingAlert.severityOf(0.3 + i * 0.01), gps ? "high" : "low", "accelerometer",
                    gps ? 40.01 : null, gps ? -74.01 : null));
        }
        assertThat(r.track()).hasSize(RideState.TRACK_SIZE);
        assertThat(r.track()).anyMatch(p -> p.speed() == null).anyMatch(p -> p.accelG() != null);
        assertThat(r.alerts()).hasSize(RideState.ALERTS_SIZE);

        assertThat(RideStateFormat.fromBytes(RideStateFormat.toBytes(r))).isEqualTo(r);
    }

    /** No fix yet: no position (NaN), no speed (null), no first time; and a ride with no id at all. */
    @Test
    void emptyStatesReadBackAsTheyWere() {
        for (RideState r : List.of(RideState.empty("r"), RideState.empty(null), RideState.empty(""))) {
            RideState back = RideStateFormat.fromBytes(RideStateFormat.toBytes(r));
            assertThat(back).isEqualTo(r);
            assertThat(back.latitude()).isNaN();
            assertThat(back.speed()).isNull();
        }
    }

    /**
     * What the REST API shows of a ride with an accelerometer-only alert and no fix yet: no position and no fix time
     * are JSON nulls, not the string "NaN" and -2^63 (which a typed client refuses and JavaScript cannot hold).
     */
    @Test
    void theJsonOfARideWithoutAFixHasNullsForWhatItDoesNotKnow() {
        RideState noFix = RideState.empty("r").withAlert(new HarshBrakingAlert("r", T0, T0 + 1200, 1200, 0.5, 0.4,
                null, null, HarshBrakingAlert.severityOf(0.5), "low", "accelerometer", null, null));

        JsonNode json = Json.mapper().valueToTree(noFix);

        for (String field : List.of("first_time", "last_time", "latitude", "longitude", "speed")) {
            assertThat(json.get(field).isNull()).as(field + " in " + json).isTrue();
        }
        assertThat(json.path("alert_count").asInt()).isEqualTo(1);

        JsonNode withFix = Json.mapper().valueToTree(noFix.withFix(fix("r", T0 + 2000, 40.5, -74.25, 7)));
        assertThat(withFix.path("first_time").asLong()).isEqualTo(T0 + 2000);
        assertThat(withFix.path("latitude").asDouble()).isEqualTo(40.5);
        assertThat(withFix.path("longitude").asDouble()).isEqualTo(-74.25);
    }

    /** Written by the builds before this format (Jackson, the record's JSON names): read without a reset. */
    @Test
    void theJsonOfEarlierBuildsStillReads() {
        String json = "{\"ride_id\":\"ride-7\",\"first_time\":1000000,\"last_time\":1001000,\"latitude\":40.0001,"
                + "\"longitude\":-74.0,\"speed\":10.0,\"distance_m\":11.119508023722421,\"fixes\":2,\"alert_count\":1,"
                + "\"moderate\":0,\"harsh\":1,\"severe\":0,\"track\":[[1000000,40.0,-74.0,10.0,null],"
                + "[1001000,40.0001,-74.0,null,null]],\"alerts\":[{\"ride_id\":\"ride-7\",\"start_time\":999000,"
                + "\"end_time\":1000500,\"duration_ms\":1500,\"peak_decel_g\":0.45,\"mean_decel_g\":0.35,"
                + "\"speed_before\":10.0,\"speed_after\":null,\"severity\":\"harsh\",\"confidence\":\"medium\","
                + "\"source\":\"accelerometer\",\"latitude\":null,\"longitude\":null}]}";

        RideState r = RideStateFormat.fromBytes(json.getBytes(StandardCharsets.UTF_8));

        assertThat(r.rideId()).isEqualTo("ride-7");
        assertThat(r.fixes()).isEqualTo(2);
        assertThat(r.harsh()).isEqualTo(1);
        assertThat(r.track()).containsExactly(new TrackPoint(1_000_000, 40.0, -74.0, 10.0, null),
                new TrackPoint(1_001_000, 40.0001, -74.0, null, null));
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.speedBefore()).isEqualTo(10.0);
            assertThat(a.speedAfter()).isNull();
            assertThat(a.latitude()).isNull();
        });
        // and the next change writes it in the current format, which reads back the same
        RideState next = r.withFix(fix("ride-7", 1_002_000, 40.0002, -74.0, 9));
        assertThat(RideStateFormat.toBytes(next)[0]).isNotEqualTo((byte) '{');
        assertThat(RideStateFormat.fromBytes(RideStateFormat.toBytes(next))).isEqualTo(next);
    }

    @Test
    void aValueInAnotherFormatIsRefusedNamingTheStore() {
        byte[] bytes = RideStateFormat.toBytes(RideState.empty("r"));
        bytes[0] = 99;
        assertThatThrownBy(() -> RideStateFormat.fromBytes(bytes))
                .hasMessageContaining(RideOverview.STORE).hasMessageContaining("format 99");
        byte[] written = RideStateFormat.toBytes(RideState.empty("r"));
        byte[] longer = Arrays.copyOf(written, written.length + 3);
        assertThatThrownBy(() -> RideStateFormat.fromBytes(longer))
                .hasMessageContaining(RideOverview.STORE).hasMessageContaining("3 bytes after");
    }

    private static LocationFix fix(String ride, long t, double lat, double lon, double speed) {
        return new LocationFix(0, null, ride, "u", 0, lat, lon, "", speed, 5, t);
    }
}
