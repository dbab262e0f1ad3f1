package org.fleetstreams.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for a JSON-mapped record type. Deserialization failures surface as
 * {@link SerializationException} carrying the reason, so callers can route the bytes to a dead-letter topic.
 */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final Reader<T> streamingReader;
    private final FastReader<T> fastReader;

    /** A value read from Jackson's streaming parser by hand (see {@link ReadingJson}). */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** A value read straight from the bytes, or {@code null} when not sure: the {@link Reader} decides then. */
    @FunctionalInterface
    interface FastReader<T> {
        T read(byte[] bytes);
    }

    public JsonSerde(Class<T> type) {
        this(type, null, null);
    }

    JsonSerde(Class<T> type, Reader<T> streamingReader, FastReader<T> fastReader) {
        this.type = type;
        // Typed reader and writer resolve Jackson's (de)serializers once, not per record.
        this.writer = Json.mapper().writerFor(type);
        this.reader = Json.mapper().readerFor(type);
        this.streamingReader = streamingReader;
        this.fastReader = fastReader;
    }

    /** This serde without its fast path, if it has one: every value read by Jackson's parser (to compare the two). */
    public JsonSerde<T> withoutFastPath() {
        return fastReader == null ? this : new JsonSerde<>(type, streamingReader, null);
    }

    public byte[] toBytes(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type.getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public T fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (fastReader != null) {
            T value;
            try {
                value = fastReader.read(bytes);
            } catch (RuntimeException e) {
                value = null; // a fast path's bug must cost speed, not the record: the reader below decides
            }
            if (value != null) {
                return value;
            }
        }
        try {
            if (streamingReader == null) {
                return reader.readValue(bytes);
            }
            try (JsonParser parser = Json.mapper().getFactory().createParser(bytes)) {
                T value = streamingReader.read(parser);
                if (parser.nextToken() != null) {
                    // "{fix A}\n{fix B}" would otherwise be fix A, and fix B gone without a trace
                    throw new JsonParseException(parser,
                            "content after the JSON object (one record holds one object)");
                }
                return value;
            }
        } catch (JsonProcessingException e) {
            throw new SerializationException("not a valid " + type.getSimpleName() + " JSON value: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SerializationException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> toBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> fromBytes(bytes);
    }
}
