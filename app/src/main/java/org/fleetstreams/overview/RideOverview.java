package org.fleetstreams.overview;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.LocationFix;

/**
 * The state behind the dashboard and the REST API ({@code org.fleetstreams.serve}): a self-contained piece of
 * topology, added with {@link #addTo}. It writes no topic; its two stores are changelogged and queried with
 * interactive queries:
 *
 * <pre>
 *  valid fixes ──► ride-overview-fixes ───┐
 *  alerts ───────► ride-overview-alerts ──┼─► ride-overview-merge ─► ride-overview-update ─┬─ {@value #STORE}   (ride → RideState)
 *  summaries ────► ride-overview-windows ─┘                                              └─ {@value #WINDOWS} (ride, window start → CarSummary)
 * </pre>
 * All three streams are keyed by ride and come from the same input partitions, so no repartitioning is needed. A
 * fix at exactly 0°, 0° is not a position (the closing records that end a finite replay carry it) and is skipped.
 */
public final class RideOverview {

    /** ride → {@link RideState}: latest fix, distance, counts, the recent track and alerts. */
    public static final String STORE = "ride-overview";
    /** Window store: each ride's latest summary per window, kept {@link #WINDOWS_RETENTION} of event time. */
    public static final String WINDOWS = "ride-overview-windows";
    public static final Duration WINDOWS_RETENTION = Duration.ofHours(1);

    public static final JsonSerde<RideState> STATE_SERDE = new JsonSerde<>(RideState.class);

    private RideOverview() {
    }

    /**
     * @param fixes     the valid GPS fixes, keyed by ride
     * @param alerts    the harsh-braking alerts, keyed by ride
     * @param summaries the window summaries as written to the summaries topic, keyed by ride
     * @param stores    the app's {@code dsl.store.suppliers.class} (RocksDB by default)
     */
    public static void addTo(StreamsBuilder builder, KStream<String, LocationFix> fixes,
                             KStream<String, HarshBrakingAlert> alerts, KStream<String, CarSummary> summaries,
                             DslStoreSuppliers stores) {
        // Cached: a ride's state is written (and changelogged) once per commit, not once per fix or window update.
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(STORE, false)),
                Serdes.String(), STATE_SERDE).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(stores.windowStore(new DslWindowParams(WINDOWS,
                        WINDOWS_RETENTION, Duration.ofSeconds(30), false, EmitStrategy.onWindowUpdate(), false, false)),
                Serdes.String(), FleetSerdes.carSummary()).withCachingEnabled());
        fixes.filter((ride, fix) -> fix.latitude() != 0 || fix.longitude() != 0, Named.as("ride-overview-positions"))
                .mapValues(OverviewInput::of, Named.as("ride-overview-fixes"))
                .merge(alerts.mapValues(OverviewInput::of, Named.as("ride-overview-alerts")), Named.as("ride-overview-merge"))
                .merge(summaries.mapValues(OverviewInput::of, Named.as("ride-overview-windows")),
                        Named.as("ride-overview-merge-windows"))
                .processValues(OverviewProcessor::new, Named.as("ride-overview-update"), STORE, WINDOWS);
    }
}
