package org.fleetstreams.braking;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.DslKeyValueParams;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * The harsh-braking part of the topology: both valid streams merged per ride into {@code harsh-braking-detector},
 * whose state lives in the RocksDB store {@value #STORE} (changelogged).
 *
 * <p>The store is cached: a ride's state changes with every 50 Hz sample, and without the cache each change is a
 * RocksDB write and a changelog record. With it, a ride's state is written once per commit (every 100 ms under
 * exactly-once), which is all a restore needs. Measured with the app benchmark: see the README.
 */
public final class HarshBraking {

    public static final String STORE = "harsh-braking-state";

    public static final JsonSerde<BrakingOutput> OUTPUT_SERDE = new JsonSerde<>(BrakingOutput.class);

    /** The detector state's store format: fixed binary (written at 50 Hz per car), see {@link DetectorState#toBytes()}. */
    public static final Serde<DetectorState> STATE_SERDE = Serdes.serdeFrom(
            (topic, state) -> state == null ? null : state.toBytes(),
            (topic, bytes) -> bytes == null ? null : DetectorState.fromBytes(bytes));

    private HarshBraking() {
    }

    /**
     * @param stores where the detector's store comes from: the same {@code dsl.store.suppliers.class} as the DSL's
     *               own stores (RocksDB by default; in-memory where a test or a user asks for it)
     */
    public static KStream<String, BrakingOutput> detect(StreamsBuilder builder, KStream<String, LocationFix> locations,
                                                        KStream<String, AccelerationSample> accelerations,
                                                        BrakingConfig config, DslStoreSuppliers stores) {
        builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValueStore(new DslKeyValueParams(STORE, false)),
                Serdes.String(), STATE_SERDE).withCachingEnabled());
        KStream<String, SensorReading> readings = locations
                .mapValues(fix -> (SensorReading) fix, Named.as("harsh-braking-locations"))
                .merge(accelerations.mapValues(sample -> (SensorReading) sample, Named.as("harsh-braking-accelerations")),
                        Named.as("harsh-braking-merge"));
        return readings.processValues(() -> new BrakingProcessor(config), Named.as("harsh-braking-detector"), STORE);
    }
}
