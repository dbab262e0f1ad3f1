package org.fleetstreams.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.fleetstreams.common.ReadingFields;
import org.fleetstreams.common.SensorReading;

/**
 * Reads event time from the value's {@code event_time} field (epoch ms), falling back to the record timestamp when the
 * value has none ({@link EventTimes#resolve}: a given but implausible one is no event time, not a reason to use the
 * record timestamp). The
 * app's sources parse the value before the extractor sees it ({@link Checked}, from
 * {@link org.fleetstreams.ingest.CheckedSerde}), so the field is read off the parsed reading; a raw JSON value (bytes)
 * is scanned for the field.
 *
 * <p>With the offset clock ({@link EventTimes#OFFSET_EPOCH}) a valid reading's event time is the epoch plus its
 * {@code offset} instead ({@link EventTimes#fromOffset}); a value that is no valid reading keeps the rule above: it is
 * a dead letter whatever its time, and leaves at once.
 *
 * <p>It never throws: an exception here kills the stream thread. When there is no usable time it returns 0:
 * not the partition time, which would look valid downstream, and not a negative value, which would make Kafka
 * Streams drop the record with only a log line. The record reaches the validator, which sees the implausible
 * timestamp and sends it to the dead-letter topic with the reason. A timestamp of 0 never advances stream time.
 *
 * <p>For bytes it scans only for the one field with Jackson's streaming parser rather than mapping the whole value.
 *
 * <p>Kafka Streams calls it for each record as it becomes the head of its partition's queue, before the record ahead
 * of it is processed; it tells {@link InputHeads} the event time of each reading it sees that will pass the checks,
 * which lets the merge ({@code time.ReadingsInOrder}) know where an input goes next.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private static final JsonFactory JSON = new JsonFactory();

    private final InputHeads heads;
    private final long offsetEpoch;

    /** An extractor that tells no one what it saw, on the record's own time. */
    public EventTimeExtractor() {
        this(InputHeads.NONE, EventTimes.RECORD_TIME);
    }

    /**
     * @param offsetEpoch {@link EventTimes#RECORD_TIME}, or the offset clock's epoch ({@link EventTimes#offsetEpoch})
     */
    public EventTimeExtractor(InputHeads heads, long offsetEpoch) {
        this.heads = heads;
        this.offsetEpoch = offsetEpoch;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Checked<?> checked && checked.isValid()
                && checked.value() instanceof SensorReading reading) {
            long resolved = EventTimes.of(reading, record.timestamp(), offsetEpoch);
            if (resolved == EventTimes.NONE) {
                return 0L;
            }
            // Only a reading that passes the key and header rules too will reach the merge, so only it says where its
            // input goes next; any other reaches the merge as Skipped, and its time (anything its producer wrote) would
            // have let the merge pass records the input's next valid reading belongs before. (A keyless reading taken
            // as its ride's, with one partition, says nothing: the merge learns its time when it is processed.)
            if (CheckAndRoute.keyIsRide(record.key(), reading) && CheckAndRoute.headersFit(record.headers())) {
                heads.saw(record.topic(), record.partition(), record.offset(), resolved);
            }
            return resolved;
        }
        // not a valid reading: a dead letter whatever its time, which only says when it is written
        Long field = record.value() instanceof Checked<?> ? null : eventTimeField(record.value());
        long resolved = EventTimes.resolve(field, record.timestamp());
        return resolved == EventTimes.NONE ? 0L : resolved;
    }

    /**
     * The top-level {@code event_time} as the reading parser reads it ({@link ReadingFields#eventTimeOf(JsonParser,
     * JsonToken)}: 0 for a null one), or null when the value is not JSON or has none. A field given twice counts by its
     * last value, as the reading parser takes it.
     */
    static Long eventTimeField(Object value) {
        if (!(value instanceof byte[] bytes)) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Long found = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                if (ReadingFields.EVENT_TIME.equals(name)) {
                    found = ReadingFields.eventTimeOf(parser, valueToken);
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
