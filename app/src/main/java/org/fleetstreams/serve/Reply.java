package org.fleetstreams.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.fleetstreams.common.Json;

/** An HTTP answer: status, content type, body and extra headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json; charset=utf-8";
    /** Every 503's {@code Retry-After}, in seconds: the dashboard asks again each second anyway. */
    static final Map<String, String> RETRY_AFTER = Map.of("Retry-After", "2");

    static Reply json(int status, String body, Map<String, String> headers) {
        return new Reply(status, JSON, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Reply json(String body) {
        return json(200, body, Map.of());
    }

    static Reply error(int status, String message) {
        return json(status, "{\"error\":" + quote(message) + "}", status == 503 ? RETRY_AFTER : Map.of());
    }

    static String quote(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
