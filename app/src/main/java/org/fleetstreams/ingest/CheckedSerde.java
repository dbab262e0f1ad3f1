package org.fleetstreams.ingest;

import java.util.Locale;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.fleetstreams.common.JsonSerde;
import org.fleetstreams.common.SensorReading;

/**
 * The input topics' value serde: parses the JSON and runs the reading's own checks as the record is read, and never
 * throws. Bad input becomes a {@link Checked#dead dead} value with the reason, which the topology sends to the
 * dead-letter topic; a throwing deserializer would hand it to Kafka Streams' exception handler instead, away from
 * our reasons and counts.
 *
 * <p>Parsing here rather than in a processor means each record is parsed once: Kafka Streams gives the deserialized
 * value to the timestamp extractor ({@link org.fleetstreams.ingest.EventTimeExtractor}), which then only reads
 * {@code event_time} off it. Writing gives back the original bytes.
 */
public final class CheckedSerde<T extends SensorReading> implements Serde<Checked<T>> {

    private final JsonSerde<T> json;
    private final Function<T, String> check;

    /** @param check the reading's own checks: null when fine, else the reason */
    public CheckedSerde(JsonSerde<T> json, Function<T, String> check) {
        this.json = json;
        this.check = check;
    }

    /**
     * The largest value taken as a reading: the BDD readings are 200-300 bytes, and 64 KiB leaves room for any fields a
     * producer adds. The merge keeps each held reading's bytes in its changelog (for the dead letter it may become),
     * so a valid reading of megabytes would make a changelog record the producer refuses, and under exactly-once that
     * fails the task on the same input again and again.
     */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    public Checked<T> read(byte[] raw) {
        if (raw == null) {
            return Checked.dead(null, "null value");
        }
        if (raw.length > MAX_VALUE_BYTES) {
            return Checked.dead(raw, String.format(Locale.ROOT,
                    "value too large: %,d bytes, a reading may have at most %,d", raw.length, MAX_VALUE_BYTES));
        }
        T value;
        try {
            value = json.fromBytes(raw);
        } catch (SerializationException e) {
            return Checked.dead(raw, e.getMessage());
        }
        String reason = check.apply(value);
        return reason == null ? Checked.valid(value, raw) : Checked.dead(raw, reason);
    }

    @Override
    public Deserializer<Checked<T>> deserializer() {
        return (topic, raw) -> read(raw);
    }

    @Override
    public Serializer<Checked<T>> serializer() {
        return (topic, checked) -> checked == null ? null : checked.raw();
    }
}
