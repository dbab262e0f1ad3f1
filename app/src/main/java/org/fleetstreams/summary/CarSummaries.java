package org.fleetstreams.summary;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.braking.HarshBraking;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;

/**
 * Per-car hopping-window summaries (the course's 30 s / 15 s windowed mean speed, and more): GPS fixes,
 * accelerometer samples and the braking detector's outputs are cogrouped by ride into one windowed aggregate,
 * {@code car-summary-store}.
 *
 * <p>{@link Emit#FINAL}: one record per window when it closes (window end + grace passed in stream time), through
 * a suppression buffer. {@link Emit#UPDATE}: a record on every update, like the course's update mode (the store's
 * cache is off so no update is coalesced away).
 */
public final class CarSummaries {

    public static final String STORE = "car-summary-store";

    /** When summaries are written. */
    public enum Emit { FINAL, UPDATE }

    private static final SummaryAccumulatorSerde ACCUMULATOR = new SummaryAccumulatorSerde();

    private CarSummaries() {
    }

    public static KStream<String, CarSummary> summarize(KStream<String, LocationFix> locations,
                                                        KStream<String, AccelerationSample> accelerations,
                                                        KStream<String, BrakingOutput> braking,
                                                        Duration size, Duration advance, Duration grace, Emit emit) {
        Materialized<String, SummaryAccumulator, WindowStore<Bytes, byte[]>> store =
                Materialized.<String, SummaryAccumulator, WindowStore<Bytes, byte[]>>as(STORE)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(ACCUMULATOR)
                        .withRetention(size.plus(grace));
        if (emit == Emit.UPDATE) {
            store = store.withCachingDisabled();
        }
        KTable<Windowed<String>, SummaryAccumulator> windows = locations
                .groupByKey(Grouped.with("car-summary-locations", Serdes.String(), FleetSerdes.locationFix()))
                .<SummaryAccumulator>cogroup((ride, fix, acc) -> acc.add(fix))
                .cogroup(accelerations.groupByKey(Grouped.with("car-summary-accelerations", Serdes.String(),
                        FleetSerdes.accelerationSample())), (ride, sample, acc) -> acc.add(sample))
                .cogroup(braking.groupByKey(Grouped.with("car-summary-braking", Serdes.String(), HarshBraking.OUTPUT_SERDE)),
                        (ride, output, acc) -> acc.add(output))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, grace).advanceBy(advance))
                .aggregate(SummaryAccumulator::empty, Named.as("car-summary-aggregate"), store);
        if (emit == Emit.FINAL) {
            windows = windows.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                    .withName("car-summary-until-window-closes"));
        }
        return windows.toStream(Named.as("car-summary-changes"))
                .map((window, acc) -> KeyValue.pair(window.key(),
                                acc.toSummary(window.key(), window.window().start(), window.window().end())),
                        Named.as("car-summary-record"));
    }
}
