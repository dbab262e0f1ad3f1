package org.fleetstreams.common;

import static org.fleetstreams.common.ReadingFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Hand-written writer of the two input schemas, on Jackson's streaming generator, beside {@link ReadingJson} (the
 * reader): exactly the course's fields, and {@code event_time} last only when asked. With it, it writes byte for byte
 * what the records' Jackson annotations write ({@code FleetSerdes}; tested), so
 * escaping and number formatting are Jackson's, and it remembers where the three identity values ({@code id},
 * {@code ride_id}, {@code uuid}) sit, so a caller can put other ids in without formatting the numbers again (the
 * replayer's fleet clones: data binding cost ~3 µs a record, more than Kafka's producer needs per record).
 *
 * <p>Not thread-safe: it reuses one buffer. One writer per thread.
 */
public final class ReadingJsonWriter {

    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    private final boolean eventTimeField;

    /** Exactly the course's fields: the event time goes in the record timestamp. */
    public ReadingJsonWriter() {
        this(false);
    }

    /** @param eventTimeField also write the event time as {@code event_time} (epoch ms), the last field */
    public ReadingJsonWriter(boolean eventTimeField) {
        this.eventTimeField = eventTimeField;
    }

    /** A reading's JSON value and where its identity values are in it. */
    public static final class Written {
        private final byte[] json;
        private final int[] spans; // start,end of the id value; of the ride_id value; of the uuid value

        private Written(byte[] json, int[] spans) {
            this.json = json;
            this.spans = spans;
        }

        /** The value's bytes (not copied: do not change them). */
        public byte[] json() {
            return json;
        }

        /** Where identity value {@code k} starts (0 = id, 1 = ride_id, 2 = uuid), at its quote or {@code null}. */
        public int start(int k) {
            return spans[2 * k];
        }

        /** Where identity value {@code k} ends (exclusive). */
        public int end(int k) {
            return spans[2 * k + 1];
        }
    }

    /**
     * {@code reading} as JSON; with the event-time field, {@code eventTime} is its event_time (the reading's own is
     * not used).
     */
    public Written write(SensorReading reading, long eventTime) {
        buffer.reset();
        int[] spans = new int[6];
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(buffer)) {
            g.writeStartObject();
            g.writeNumberField(OFFSET, reading.offset());
            identity(g, ID, reading.id(), spans, 0);
            identity(g, RIDE_ID, reading.rideId(), spans, 2);
            identity(g, UUID, reading.uuid(), spans, 4);
            if (reading instanceof LocationFix fix) {
                g.writeNumberField(COURSE, fix.course());
                g.writeNumberField(LATITUDE, fix.latitude());
                g.writeNumberField(LONGITUDE, fix.longitude());
                g.writeFieldName(GEOHASH);
                writeNullable(g, fix.geohash());
                g.writeNumberField(SPEED, fix.speed());
                g.writeNumberField(ACCURACY, fix.accuracy());
            } else {
                AccelerationSample sample = (AccelerationSample) reading;
                g.writeNumberField(X, sample.x());
                g.writeNumberField(Y, sample.y());
                g.writeNumberField(Z, sample.z());
            }
            if (eventTimeField) {
                g.writeNumberField(EVENT_TIME, eventTime);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] json = buffer.toByteArray();
        for (int i = 0; i < 6; i += 2) {
            if (json[spans[i] - 1] != ':') {
                throw new IllegalStateException("unexpected JSON layout near byte " + spans[i] + ": "
                        + new String(json, StandardCharsets.UTF_8));
            }
        }
        return new Written(json, spans);
    }

    private void identity(JsonGenerator g, String name, String value, int[] spans, int at) throws IOException {
        g.writeFieldName(name);
        spans[at] = mark(g) + 1; // the generator writes ':' with the value
        writeNullable(g, value);
        spans[at + 1] = mark(g);
    }

    private int mark(JsonGenerator g) throws IOException {
        g.flush();
        return buffer.size();
    }

    private static void writeNullable(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }
}
