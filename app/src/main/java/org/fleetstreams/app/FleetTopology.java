package org.fleetstreams.app;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.state.DslStoreSuppliers;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.Topics;
import org.apache.kafka.streams.kstream.KStream;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.dlq.Ingest;
import org.fleetstreams.input.ReadingCheck;
import org.fleetstreams.join.GpsAccelJoin;
import org.fleetstreams.overview.RideOverview;
import org.fleetstreams.summary.CarSummaries;

/**
 * The app's topology, used by {@link FleetApp} and by every test:
 *
 * <pre>
 *  {prefix}-locations ─────► locations-check ──────┬─ valid ─┬─► accel-gps-join ──────► {prefix}-joined
 *  {prefix}-accelerations ─► accelerations-check ──┤         ├─► harsh-braking-detector ► {prefix}-harsh-braking
 *                                                  │         └─► car-summary-aggregate ► {prefix}-car-summaries
 *                                                  └─ dead ──────────────────────────────► {prefix}-dead-letters
 * </pre>
 * Every processor, store and internal topic is named ({@code Topology.describe()} prints them; the README has it).
 */
public final class FleetTopology {

    private FleetTopology() {
    }

    public static Topology buildTopology(AppConfig config) {
        Topics topics = config.topics();
        Properties props = config.streamsProperties();
        StreamsConfig streamsConfig = new StreamsConfig(props);
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(streamsConfig));

        Ingest<LocationFix> locations = Ingest.of(builder, topics.locations(), "locations", FleetSerdes.locationFix(),
                ReadingCheck::problem);
        Ingest<AccelerationSample> accelerations = Ingest.of(builder, topics.accelerations(), "accelerations",
                FleetSerdes.accelerationSample(), ReadingCheck::problem);

        locations.deadLetters()
                .merge(accelerations.deadLetters(), Named.as("dead-letters-merge"))
                .to(topics.deadLetters(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters-sink"));

        GpsAccelJoin.join(accelerations.valid(), locations.valid(), config.joinTimeDifference(), config.joinGrace())
                .to(topics.joined(), Produced.with(Serdes.String(), FleetSerdes.joinedReading()).withName("joined-sink"));

        DslStoreSuppliers stores = streamsConfig.getConfiguredInstance(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
                DslStoreSuppliers.class, config.overrides().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue())));
        KStream<String, BrakingOutput> braking = HarshBraking.detect(builder, locations.valid(), accelerations.valid(),
                config.braking(), stores);
        KStream<String, HarshBrakingAlert> alerts = braking.filter((ride, output) -> output.isAlert(), Named.as("harsh-braking-alerts"))
                .mapValues(BrakingOutput::alert, Named.as("harsh-braking-alert"));
        alerts.to(topics.harshBraking(), Produced.with(Serdes.String(), FleetSerdes.harshBrakingAlert())
                        .withName("harsh-braking-sink"));

        KStream<String, CarSummary> summaries = CarSummaries.summarize(locations.valid(), accelerations.valid(), braking,
                config.summarySize(), config.summaryAdvance(), config.summaryGrace(), config.summaryEmit());
        summaries.to(topics.carSummaries(), Produced.with(Serdes.String(), FleetSerdes.carSummary())
                        .withName("car-summaries-sink"));

        // The dashboard's and the REST API's state (org.fleetstreams.serve): stores ride-overview, ride-overview-windows.
        RideOverview.addTo(builder, locations.valid(), alerts, summaries, stores);

        return builder.build(props);
    }
}
