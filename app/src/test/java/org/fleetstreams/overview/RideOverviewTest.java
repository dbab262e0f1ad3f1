package org.fleetstreams.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.KeyValueStore;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ride-overview store in the app's topology (TopologyTestDriver), and RideState's arithmetic. */
class RideOverviewTest {

    @TempDir
    Path state;

    /** Under exactly-once the store is written at commit, under at-least-once uncached: the same state either way. */
    @ParameterizedTest
    @ValueSource(strings = {StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE})
    void fixesBuildTheTrackDistanceAndGpsAcceleration(String guarantee) {
        long t0 = TopologyFixture.EPOCH;
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state).withProcessingGuarantee(guarantee))) {
            app.pipe(TopologyFixture.fix("r1", t0, 40.0000, -74.0, 10));
            app.pipe(TopologyFixture.fix("r1", t0 + 1000, 40.0001, -74.0, 7.0575)); // -0.3 g
            app.pipe(TopologyFixture.fix(ClosingRecords.RIDE_ID, t0 + 2000, 0, 0, 7)); // a closing record: no ride
            app.pipe(TopologyFixture.sample("r1", t0 + 2000, 0, 0, 1)); // the accelerometer reaches them: fixes go on
            KeyValueStore<String, RideState> store = app.driver.getKeyValueStore(RideOverview.STORE);
            RideState r1 = store.get("r1");

            assertThat(r1.fixes()).isEqualTo(2);
            assertThat(r1.lastTime()).isEqualTo(t0 + 1000);
            assertThat(r1.speed()).isEqualTo(7.0575);
            assertThat(r1.distanceM()).isCloseTo(11.1, within(0.1));
            assertThat(r1.track()).hasSize(2);
            assertThat(r1.track().get(1).accelG()).isCloseTo(-0.3, within(0.001));
            assertThat(r1.track().get(0).accelG()).isNull();
            assertThat(store.get(ClosingRecords.RIDE_ID)).isNull();
        }
    }

    @Test
    void outOfOrderFixesAreInsertedInTimeOrderAndJumpsAreNotDistance() {
        long t0 = 1_000_000;
        RideState r = RideState.empty("r")
                .withFix(fix(t0, 40, -74, 10))
                .withFix(fix(t0 + 2000, 40.0002, -74, 10))
                .withFix(fix(t0 + 1000, 40.0001, -74, 10))
                .withFix(fix(t0 + 3000, 41, -74, 10)); // 111 km in 1 s: a jump
        assertThat(r.track()).extracting(TrackPoint::t).containsExactly(t0, t0 + 1000, t0 + 2000, t0 + 3000);
        assertThat(r.distanceM()).isCloseTo(22.2, within(0.1));
        assertThat(r.lastTime()).isEqualTo(t0 + 3000);
        assertThat(RideStateFormat.fromBytes(RideStateFormat.toBytes(r))).isEqualTo(r);
    }

    /**
     * A fix that comes after a later one (within the tolerated disorder) is a corner of the path: the distance is the
     * path through it, as if it had come in order. 11.1 m north, then 8.5 m east, then 11.1 m north again, the middle
     * fix last: 30.8 m, not the 25.1 m with the diagonal between its neighbours. The track, the GPS accelerations between the
     * fixes (10, 9, 7, 6 m/s a second apart) included, is the same as in order.
     */
    @Test
    void aFixOutOfOrderCountsTheDistanceThroughIt() {
        long t0 = 1_000_000;
        LocationFix a = fix(t0, 40, -74, 10);
        LocationFix b = fix(t0 + 1000, 40.0001, -74, 9);
        LocationFix c = fix(t0 + 2000, 40.0001, -73.9999, 7);
        LocationFix d = fix(t0 + 3000, 40.0002, -73.9999, 6);
        RideState inOrder = arrivingIn(a, b, c, d);
        RideState late = arrivingIn(a, b, d, c);
        RideState earliestLast = arrivingIn(b, c, d, a);

        assertThat(inOrder.distanceM()).isCloseTo(11.12 + 8.52 + 11.12, within(0.05));
        assertThat(late.distanceM()).isCloseTo(inOrder.distanceM(), within(1e-9));
        assertThat(earliestLast.distanceM()).isCloseTo(inOrder.distanceM(), within(1e-9));
        assertThat(late.track()).isEqualTo(inOrder.track());
        assertThat(earliestLast.track()).isEqualTo(inOrder.track());
        assertThat(inOrder.track()).extracting(TrackPoint::accelG)
                .containsExactly(null, -1 / RideState.G, -2 / RideState.G, -1 / RideState.G);
    }

    /**
     * A full track and a fix older than all of it: the fix is counted, and the track stays as it was. Before, the first
     * point's GPS acceleration was measured from that fix, which then fell out of the track at once.
     */
    @Test
    void aFixOlderThanAFullTrackLeavesTheTrackAsItWas() {
        long t0 = 1_000_000;
        RideState full = RideState.empty("r");
        for (int i = 1; i <= RideState.TRACK_SIZE; i++) {
            full = full.withFix(fix(t0 + i * 1000L, 40 + i * 1e-5, -74, 10 + (i % 2)));
        }

        RideState after = full.withFix(fix(t0, 40, -74, 30)); // 20 m/s faster a second before: -2 g from it

        assertThat(after.track()).isEqualTo(full.track());
        assertThat(after.distanceM()).isEqualTo(full.distanceM());
        assertThat(after.fixes()).isEqualTo(full.fixes() + 1);
        assertThat(after.firstTime()).isEqualTo(t0);
    }

    /** A ride with alerts and no fix yet (no position: NaN; no first time) reads back from its bytes as it was. */
    @Test
    void aStateWithoutFixesReadsBackAsItWas() {
        RideState r = RideState.empty("r").withAlert(alert(2000, "harsh"));
        assertThat(RideStateFormat.fromBytes(RideStateFormat.toBytes(r))).isEqualTo(r);
    }

    @Test
    void alertsAreCountedBySeverity() {
        RideState r = RideState.empty("r").withAlert(alert(2000, "severe")).withAlert(alert(1000, "moderate"));
        assertThat(r.alertCount()).isEqualTo(2);
        assertThat(r.severe()).isEqualTo(1);
        assertThat(r.moderate()).isEqualTo(1);
        assertThat(r.alerts()).extracting(HarshBrakingAlert::endTime).containsExactly(1000L, 2000L);
    }

    private static RideState arrivingIn(LocationFix... fixes) {
        RideState r = RideState.empty("r");
        for (LocationFix f : fixes) {
            r = r.withFix(f);
        }
        return r;
    }

    private static LocationFix fix(long t, double lat, double lon, double speed) {
        return new LocationFix(0, null, "r", "u", 0, lat, lon, "", speed, 5, t);
    }

    private static HarshBrakingAlert alert(long end, String severity) {
        return new HarshBrakingAlert("r", end - 1000, end, 1000, 0.5, 0.4, 10.0, 5.0, severity, "high", "accelerometer",
                40.0, -74.0);
    }
}
