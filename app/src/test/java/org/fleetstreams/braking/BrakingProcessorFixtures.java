package org.fleetstreams.braking;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.CheckedRecords;
import org.fleetstreams.time.TimePolicy;

/** The detector's processor on a {@link MockProcessorContext}, and the rides its tests drive. */
final class BrakingProcessorFixtures {

    /** The app's default tolerated disorder (TimePolicy): a ride is taken to have ended after 1.5 s + this of silence. */
    static final long DISORDER_MS = TimePolicy.TOLERATED_DISORDER_S * 1_000L;

    /**
     * 15 m/s, a minute of gentle speed changes (the axis fit), then a 0.45 g brake for 2 s, and the phone stops sending
     * 0.3 s after it: a trip that ends with its last stop.
     */
    static final SyntheticRide ENDS_WITH_A_BRAKE = new SyntheticRide().from(15).wiggle(60, 0.1).cruise(3)
            .accelerate(2, -0.45).cruise(0.3);

    private BrakingProcessorFixtures() {
    }

    static List<MockProcessorContext.CapturedForward<? extends String, ?>> alerts(
            MockProcessorContext<String, Object> context) {
        return context.forwarded().stream().filter(f -> f.record().value() instanceof HarshBrakingAlert).toList();
    }

    /** Each of {@code readings} in turn, as the merge forwards them. */
    static void feed(BrakingProcessor processor, List<SensorReading> readings) {
        readings.forEach(r -> processor.process(CheckedRecords.of(r)));
    }

    /** Rides standing still with the phone flat: a sample every 100 ms and a fix every second each, from..to. */
    static void drive(BrakingProcessor processor, long from, long to, String... rides) {
        for (long t = from; t < to; t += 100) {
            for (String ride : rides) {
                processor.process(CheckedRecords.of(TopologyFixture.sample(ride, t, 0, 0, 1)));
                if ((t - from) % 1_000 == 0) {
                    processor.process(CheckedRecords.of(TopologyFixture.fix(ride, t, 40.7, -73.9, 0)));
                }
            }
        }
    }

    static BrakingProcessor processor(MockProcessorContext<String, Object> context) {
        return processor(context, 50_000);
    }

    static KeyValueStore<String, DetectorState> store(MockProcessorContext<String, Object> context) {
        KeyValueStore<String, DetectorState> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(HarshBraking.STORE), Serdes.String(), HarshBraking.STATE_SERDE)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    static BrakingProcessor processor(MockProcessorContext<String, Object> context, int lookEvery) {
        store(context);
        BrakingProcessor processor = new BrakingProcessor(BrakingConfig.defaults(), "summaries", lookEvery, DISORDER_MS);
        processor.init(context);
        return processor;
    }

    static MockProcessorContext<String, Object> context(String commitOnAlert) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "braking-processor");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        if (commitOnAlert != null) {
            props.put(HarshBraking.COMMIT_ON_ALERT_CONFIG, commitOnAlert);
        }
        return new MockProcessorContext<>(props);
    }
}
