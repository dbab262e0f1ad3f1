package org.fleetstreams.dlq;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.input.EventTimes;

/**
 * The checks that need the whole record, after {@link CheckedSerde} has parsed and checked the value. A valid reading
 * goes on with its resolved event time (the record timestamp the extractor chose); anything else becomes a dead
 * letter: the original bytes, headers naming source topic, partition, offset and reason, and one count in the
 * {@code dead-letter-total} metric.
 *
 * <p>Rules, in order: the value's own verdict (null, not JSON, a missing or null number, wrong types, the reading's
 * checks in {@link org.fleetstreams.input.ReadingCheck}); a key that is not the value's ride_id (joins and windows
 * are per key, so a mismatch would silently mix cars); no usable timestamp.
 */
public final class CheckAndRoute<T extends SensorReading> implements FixedKeyProcessor<String, Checked<T>, Checked<T>> {

    /** Group of the dead-letter metrics: {@code stream-fleetstreams-metrics}. */
    public static final String METRIC_SCOPE = "fleetstreams";

    private final String kind;
    private FixedKeyProcessorContext<String, Checked<T>> context;
    private Sensor deadLetters;

    /** @param kind "locations" or "accelerations": the metric's tag */
    public CheckAndRoute(String kind) {
        this.kind = kind;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<T>> context) {
        this.context = context;
        this.deadLetters = context.metrics().addRateTotalSensor(METRIC_SCOPE, kind, "dead-letter",
                Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(FixedKeyRecord<String, Checked<T>> record) {
        Checked<T> checked = record.value();
        if (checked == null) {
            checked = Checked.dead(null, "null value");
        }
        T value = checked.value();
        if (checked.isValid() && !Objects.equals(record.key(), value.rideId())) {
            checked = checked.dead("key '" + record.key() + "' is not the value's ride_id '" + value.rideId() + "'");
        }
        if (checked.isValid() && !EventTimes.plausible(record.timestamp())) {
            checked = checked.dead("no usable timestamp: event_time " + value.eventTime() + " and the record timestamp"
                    + " are both missing or outside " + EventTimes.MIN_PLAUSIBLE + ".." + EventTimes.MAX_PLAUSIBLE + " ms");
        }
        if (checked.isValid()) {
            @SuppressWarnings("unchecked")
            T resolved = value.eventTime() == record.timestamp() ? value
                    : (T) value.withIdentity(value.id(), value.rideId(), value.uuid(), record.timestamp());
            context.forward(record.withValue(resolved == value ? checked : Checked.valid(resolved, checked.raw())));
            return;
        }
        deadLetters.record();
        // A copy: the incoming Headers object can be shared with other records of the task.
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.EXCEPTION, bytes(DeadLetterHeaders.INVALID_INPUT));
        headers.add(DeadLetterHeaders.REASON, bytes(checked.reason()));
        RecordMetadata source = context.recordMetadata().orElse(null);
        if (source != null) {
            headers.add(DeadLetterHeaders.TOPIC, bytes(source.topic()));
            headers.add(DeadLetterHeaders.PARTITION, bytes(String.valueOf(source.partition())));
            headers.add(DeadLetterHeaders.OFFSET, bytes(String.valueOf(source.offset())));
        }
        context.forward(record.withValue(checked).withHeaders(headers));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
