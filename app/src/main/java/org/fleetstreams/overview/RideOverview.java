package org.fleetstreams.overview;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.DslWindowParams;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.state.Changelogs;
import org.fleetstreams.state.WriteAtCommitStore;
import org.fleetstreams.time.TimePolicy;

/**
 * The state behind the dashboard and the REST API ({@code org.fleetstreams.serve}): a self-contained piece of
 * topology, added with {@link #addTo}. It writes no topic; its two stores are changelogged and queried with
 * interactive queries:
 *
 * <pre>
 *  readings-in-order (fixes) ───┐
 *  harsh-braking-detector (alerts) ─┼─► ride-overview-update ─┬─ {@value #STORE}   (ride → RideState)
 *  car-summary-windows (summaries) ─┘                        └─ {@value #WINDOWS} (ride, window start → CarSummary)
 * </pre>
 * All three are keyed by ride in the same task, so no repartitioning is needed. Closing records are no ride and are
 * skipped; a ride's fix at exactly 0°, 0° (some devices' "no fix") is counted but is no position ({@link RideState}).
 */
public final class RideOverview {

    /** ride → {@link RideState}: latest fix, distance, counts, the recent track and alerts. */
    public static final String STORE = "ride-overview";
    /** Window store: each ride's latest summary per window, kept {@link #WINDOWS_RETENTION} of event time. */
    public static final String WINDOWS = "ride-overview-windows";
    public static final Duration WINDOWS_RETENTION = Duration.ofHours(1);

    /** Binary, and reads the JSON of earlier versions: {@link RideStateFormat}. */
    public static final Serde<RideState> STATE_SERDE = RideStateFormat.SERDE;

    private RideOverview() {
    }

    /** Node name of the processor. */
    public static final String NAME = "ride-overview-update";

    /**
     * Adds the processor, fed by {@code parents} (the in-order readings, the detector's alerts, the summaries), and
     * its two stores.
     *
     * @param stores      the app's {@code dsl.store.suppliers.class} (RocksDB by default)
     * @param exactlyOnce whether the app runs exactly-once: then {@value #STORE} is written at commit, else neither
     *                    store is cached (below)
     */
    public static void addTo(Topology topology, DslStoreSuppliers stores, boolean exactlyOnce, String... parents) {
        topology.addProcessor(NAME, OverviewProcessor::new, parents);
        var state = Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(STORE, false)),
                Serdes.String(), STATE_SERDE);
        // Exactly-once: written at commit. A ride's state is encoded (with its track) and changelogged once per
        // commit, not once per fix, and in a catch-up (several fixes per ride between commits) a fix finds the object
        // put since the last commit instead of bytes to parse; Kafka Streams' record cache encoded and parsed every
        // time. The REST API then reads what was committed, as a read_committed consumer of the outputs does: 100 ms
        // old while live, a second in a catch-up. An encoding failure now fails the commit, not the record (a
        // RideState is plain numbers, lists of them and strings).
        // At-least-once: no record cache, for this store and the windows below. Interactive queries v2 read Kafka
        // Streams' cache for a KeyQuery only (CachingKeyValueStore's query handlers; CachingWindowStore has none): a
        // RangeQuery (/api/fleet, /api/alerts) and a WindowKeyQuery (a ride's windows) read the store below, which
        // the cache fills at each commit, 30 s apart under at-least-once. So the fleet lagged /api/rides/ID (a
        // KeyQuery) by up to 30 s. Uncached, every answer is as of the last record, as at-least-once's outputs are.
        // The price: a RocksDB put and a changelog record of the state (up to about 12 KB with a full track) per fix,
        // not per ride and commit. Live, at a fix a second per ride, that is about what exactly-once writes with its
        // commit every 100 ms; in a catch-up (many fixes of a ride per commit) it is more. The windows' price is
        // small: one summary per ride and window.
        if (exactlyOnce) {
            topology.addStateStore(WriteAtCommitStore.builder(state).withLoggingEnabled(Changelogs.keyValue()), NAME);
        } else {
            topology.addStateStore(state.withCachingDisabled().withLoggingEnabled(Changelogs.keyValue()), NAME);
        }
        // The window size is the store's label only: it is read by ride and window start, and each summary carries
        // its own end, so the default size whatever --summary-size says (Kafka refuses a window longer than the 1 h
        // retention).
        var windows = Stores.windowStoreBuilder(stores.windowStore(new DslWindowParams(WINDOWS,
                        WINDOWS_RETENTION, Duration.ofSeconds(TimePolicy.WINDOW_SIZE_S), false,
                        EmitStrategy.onWindowUpdate(), false, false)),
                Serdes.String(), FleetSerdes.carSummary());
        // Exactly-once: cached, flushed at each commit like the overview's states, which the answers read as committed.
        topology.addStateStore((exactlyOnce ? windows.withCachingEnabled() : windows.withCachingDisabled())
                .withLoggingEnabled(Changelogs.window()), NAME);
    }
}
