package org.fleetstreams.ingest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.SensorReading;

/**
 * Where records enter the app: source (parsed and checked by {@link CheckedSerde}, event time from
 * {@link EventTimeExtractor}) → key and timestamp checks ({@link CheckAndRoute}) → valid readings, as
 * {@link Checked} values that keep the original bytes, to the named readers; everything else to the dead-letter sink,
 * and {@link Skipped#RECORD} in its place to the readers.
 * Node names: {@code <kind>-source}, {@code <kind>-check}.
 */
public final class Ingest {

    /** The two inputs' kinds: node-name prefixes and the tag of their metrics. */
    public static final String LOCATIONS = "locations";
    public static final String ACCELERATIONS = "accelerations";

    /**
     * The Streams setting the app puts the inputs' partition count in, once it has checked them: with one partition a
     * record without a key is taken as its value's ride's ({@code CheckAndRoute.rideOfKeylessRecord}). Otherwise, or
     * without it, such a record is a dead letter.
     */
    public static final String INPUT_PARTITIONS = "fleetstreams.input.partitions";

    /** The {@link #INPUT_PARTITIONS} setting: 0 when absent; anything but a partition count is refused, naming it. */
    public static int inputPartitions(Map<String, ?> settings) {
        Object given = settings.get(INPUT_PARTITIONS);
        if (given == null) {
            return 0;
        }
        String v = given.toString().trim();
        if (!v.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException(INPUT_PARTITIONS + " must be the inputs' partition count, was '" + given
                    + "'");
        }
        return Integer.parseInt(v);
    }

    private Ingest() {
    }

    /**
     * Both inputs: GPS fixes and accelerometer samples. Returns the names of the two check nodes. The event-time
     * extractor tells {@code heads} where each input partition goes next; {@code offsetEpoch} is
     * {@link EventTimes#RECORD_TIME} or the offset clock's epoch ({@link EventTimes#OFFSET_EPOCH}).
     */
    public static List<String> addInputs(Topology topology, String locationsTopic, String accelerationsTopic,
                                         List<String> readers, InputHeads heads, long offsetEpoch) {
        EventTimeExtractor extractor = new EventTimeExtractor(heads, offsetEpoch);
        return List.of(
                add(topology, locationsTopic, LOCATIONS, FleetSerdes.locationFix(), readers, extractor, offsetEpoch),
                add(topology, accelerationsTopic, ACCELERATIONS, FleetSerdes.accelerationSample(), readers, extractor,
                        offsetEpoch));
    }

    private static <T extends SensorReading> String add(Topology topology, String topic, String kind, JsonSerde<T> serde,
                                                        List<String> readers, EventTimeExtractor extractor,
                                                        long offsetEpoch) {
        String source = kind + "-source";
        String check = kind + "-check";
        CheckedSerde<T> checked = new CheckedSerde<>(serde, ReadingCheck::problem);
        // A new application id reads a replay from its beginning: the sources' own reset policy, which no consumer
        // setting in --config overrides.
        topology.addSource(AutoOffsetReset.earliest(), source, extractor, Serdes.String().deserializer(), checked.deserializer(), topic);
        topology.addProcessor(check, () -> new CheckAndRoute<T>(kind, readers, offsetEpoch), source);
        return check;
    }
}
