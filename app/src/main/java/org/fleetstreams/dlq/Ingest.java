package org.fleetstreams.dlq;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.input.EventTimeExtractor;

/**
 * One input topic up to the point where it splits: source (parsed and checked by {@link CheckedSerde}, event-time
 * extractor) → key and timestamp checks → valid readings, and dead letters (original bytes with headers). Node
 * names: {@code <kind>-source}, {@code <kind>-check}, {@code <kind>-split-}, {@code <kind>-split-valid}, {@code <kind>-split-dead}.
 *
 * @param valid       checked readings, keyed by ride_id, timestamped with their event time
 * @param deadLetters the original bytes of everything else
 */
public record Ingest<T extends SensorReading>(KStream<String, T> valid, KStream<String, byte[]> deadLetters) {

    public static <T extends SensorReading> Ingest<T> of(StreamsBuilder builder, String topic, String kind,
                                                         JsonSerde<T> serde, Function<T, String> check) {
        KStream<String, Checked<T>> read = builder.stream(topic, Consumed.with(Serdes.String(), new CheckedSerde<>(serde, check))
                .withTimestampExtractor(new EventTimeExtractor())
                .withName(kind + "-source"));
        Map<String, KStream<String, Checked<T>>> branches = read
                .processValues(() -> new CheckAndRoute<T>(kind), Named.as(kind + "-check"))
                .split(Named.as(kind + "-split-"))
                .branch((ride, checked) -> checked.isValid(), Branched.as("valid"))
                .defaultBranch(Branched.as("dead"));
        KStream<String, T> valid = branches.get(kind + "-split-valid").mapValues(Checked::value, Named.as(kind + "-valid-value"));
        KStream<String, byte[]> dead = branches.get(kind + "-split-dead").mapValues(Checked::raw, Named.as(kind + "-dead-raw"));
        return new Ingest<>(valid, dead);
    }
}
