package org.fleetstreams.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.fleetstreams.common.ReadingFields;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.Checked;

/**
 * Reads event time from the value's {@code event_time} field (epoch ms), falling back to the record timestamp. The
 * app's sources parse the value before the extractor sees it ({@link Checked}, from
 * {@link org.fleetstreams.ingest.CheckedSerde}), so the field is read off the parsed reading; a raw JSON value (bytes)
 * is scanned for the field.
 *
 * <p>It never throws: an exception here kills the stream thread. When neither timestamp is usable it returns 0:
 * not the partition time, which would look valid downstream, and not a negative value, which would make Kafka
 * Streams drop the record with only a log line. The record reaches the validator, which sees the implausible
 * timestamp and sends it to the dead-letter topic with the reason. A timestamp of 0 never advances stream time.
 *
 * <p>For bytes it scans only for the one field with Jackson's streaming parser rather than mapping the whole value.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Long field = record.value() instanceof Checked<?> checked ? eventTimeField(checked) : eventTimeField(record.value());
        long resolved = EventTimes.resolve(field, record.timestamp());
        return resolved != EventTimes.NONE ? resolved : 0L;
    }

    /** A parsed reading's {@code event_time} (0 when it had none), or null for a dead letter. */
    static Long eventTimeField(Checked<?> checked) {
        return checked.isValid() && checked.value() instanceof SensorReading reading ? reading.eventTime() : null;
    }

    /** The top-level {@code event_time} as a long, or null when the value is not JSON or has no integral one. */
    static Long eventTimeField(Object value) {
        if (!(value instanceof byte[] bytes)) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if (ReadingFields.EVENT_TIME.equals(name)) {
                    return valueToken == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
