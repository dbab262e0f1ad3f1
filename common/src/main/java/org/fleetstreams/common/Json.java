package org.fleetstreams.common;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one Jackson configuration every module uses, so that what the replayer writes the app reads. */
public final class Json {

    // ObjectMapper is thread-safe once configured; one instance keeps Jackson's caches warm.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // The course's consumers may add fields; unknown ones must not break our readers.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A null number must not silently become 0.0: that would be a fake coordinate. Missing fields are
            // handled per field: the records mark every number `required`, while ids and event_time are optional.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Numbers are most of every record: Jackson's bundled FastDoubleParser and Schubfach writer read and write
            // the same values as the JDK's (shortest round-trip text), several times faster (app benchmark, README).
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
