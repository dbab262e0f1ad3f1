package org.fleetstreams.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.Checked;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OverviewProcessor} alone: the ride states it keeps as objects never disagree with its store, whether a ride
 * falls out of the kept ones or the task restarts on a store older than what it kept.
 */
class OverviewProcessorTest {

    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, RideState> store;

    @BeforeEach
    void setUp() {
        // Step 1: a context and the processor's store (in memory; the window store is not used by alerts).
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RideOverview.STORE), Serdes.String(),
                RideOverview.STATE_SERDE).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Test
    void aRideNoLongerKeptStartsFromTheStore() {
        // Step 2: one ride kept at a time, three rides in turn.
        OverviewProcessor overview = started(1);
        alert(overview, "r1", 1_000);
        alert(overview, "r2", 2_000);
        alert(overview, "r3", 3_000);
        alert(overview, "r1", 4_000);

        // Step 3: r1's second alert was added to its stored state, not to an empty one.
        assertThat(store.get("r1").alertCount()).isEqualTo(2);
        assertThat(store.get("r1").alerts()).extracting(HarshBrakingAlert::endTime).containsExactly(1_000L, 4_000L);
        assertThat(store.get("r2").alertCount()).isEqualTo(1);
    }

    @Test
    void onlyTheRidesUpdatedLastAreKept() {
        // Step 2: one ride kept at a time; r1 then r2, so r1 is no longer kept.
        OverviewProcessor overview = started(1);
        alert(overview, "r1", 1_000);
        alert(overview, "r2", 2_000);

        // Step 3: r1's stored state changes behind the processor (as only a restore could), and r1 goes on from it:
        // a processor that kept every ride would go on from the object it kept.
        store.put("r1", RideState.empty("r1").withAlert(alertAt("r1", 500)));
        alert(overview, "r1", 3_000);
        assertThat(store.get("r1").alerts()).extracting(HarshBrakingAlert::endTime).containsExactly(500L, 3_000L);
    }

    @Test
    void aRestartForgetsTheKeptStatesAndReadsTheStore() {
        OverviewProcessor overview = started(OverviewProcessor.RECENT_RIDES);
        alert(overview, "r1", 1_000);
        alert(overview, "r1", 2_000);

        // Step 2: the task restarts on a store that holds an older state (its changelog's last commit, say).
        store.put("r1", RideState.empty("r1").withAlert(alertAt("r1", 1_000)));
        overview.init(context);
        alert(overview, "r1", 3_000);

        // Step 3: the state goes on from the store's, not from the one kept before the restart.
        assertThat(store.get("r1").alerts()).extracting(HarshBrakingAlert::endTime).containsExactly(1_000L, 3_000L);
    }

    @Test
    void aRideQuietForAnHourOfEventTimeLeavesTheOverview() {
        // Step 2: r1 has one alert; r2 and r3 go on for an hour and twenty minutes of event time.
        OverviewProcessor overview = new OverviewProcessor(OverviewProcessor.RECENT_RIDES, 10);
        overview.init(context);
        alert(overview, "r1", 1_000);
        long hour = OverviewProcessor.QUIET_RIDE_MS;
        for (long t = 2_000; t <= hour; t += 60_000) {
            alert(overview, "r2", t);
            alert(overview, "r3", t);
        }
        assertThat(store.get("r1")).as("quiet for less than an hour").isNotNull();
        for (long t = hour + 2_000; t <= hour + 1_202_000; t += 60_000) {
            alert(overview, "r2", t);
            alert(overview, "r3", t);
        }

        // Step 3: r1 is gone from the store (and so from the fleet answer); the others are not.
        assertThat(store.get("r1")).isNull();
        assertThat(store.get("r2")).isNotNull();
        assertThat(store.get("r3")).isNotNull();
    }

    @Test
    void aRideBackAfterAnHourIsANewOneWhetherOrNotALookForgotIt() {
        OverviewProcessor overview = new OverviewProcessor(OverviewProcessor.RECENT_RIDES, Integer.MAX_VALUE);
        overview.init(context);
        alert(overview, "r1", 1_000);
        alert(overview, "r2", 2_000);
        alert(overview, "r1", 1_000 + OverviewProcessor.QUIET_RIDE_MS + 1);

        assertThat(store.get("r1").alertCount()).as("a new ride state, as if forgotten").isEqualTo(1);
    }

    /**
     * A ride's fix at 0°, 0° (some devices' "no fix") counts, as the summaries count it, but is no position: not in the
     * track, no distance, the ride stays where it was. A closing record (at 0°, 0° too) is no ride.
     */
    @Test
    void aFixAtZeroZeroCountsButIsNoPositionAndAClosingRecordIsNoRide() {
        OverviewProcessor overview = started(OverviewProcessor.RECENT_RIDES);
        fix(overview, "r1", 1_000, 40.7, -74.0);
        fix(overview, "r1", 2_000, 0, 0);
        fix(overview, "r1", 3_000, 40.7001, -74.0);
        fix(overview, ClosingRecords.RIDE_ID, 4_000, 0, 0);

        RideState r1 = store.get("r1");
        assertThat(r1.fixes()).isEqualTo(3);
        assertThat(r1.track()).extracting(TrackPoint::lat).containsExactly(40.7, 40.7001);
        assertThat(r1.distanceM()).isCloseTo(11.1, within(0.1));
        assertThat(r1.lastTime()).isEqualTo(TopologyFixture.EPOCH + 3_000);
        assertThat(store.get(ClosingRecords.RIDE_ID)).isNull();
    }

    private static void fix(OverviewProcessor overview, String ride, long t, double lat, double lon) {
        LocationFix fix = TopologyFixture.fix(ride, TopologyFixture.EPOCH + t, lat, lon, 5);
        overview.process(new Record<>(ride, Checked.valid(fix, FleetSerdes.locationFix().toBytes(fix)),
                fix.eventTime()));
    }

    /** The processor, keeping {@code keptRides} states, started on the context. */
    private OverviewProcessor started(int keptRides) {
        OverviewProcessor overview = new OverviewProcessor(keptRides);
        overview.init(context);
        return overview;
    }

    private static void alert(OverviewProcessor overview, String ride, long end) {
        overview.process(new Record<>(ride, alertAt(ride, end), end));
    }

    private static HarshBrakingAlert alertAt(String ride, long end) {
        return new HarshBrakingAlert(ride, end - 500, end, 500, 0.5, 0.4, 10.0, 5.0, "harsh", "high", "accelerometer",
                40.0, -74.0);
    }
}
