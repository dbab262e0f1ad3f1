package org.fleetstreams.serve;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What {@link FleetServer} reads from a request and how it classifies a failure: pure functions, tested directly. */
final class Requests {

    private Requests() {
    }

    /**
     * Kafka Streams' own "not running" ({@code KafkaStreams#validateIsRunningOrRebalancing}, an
     * IllegalStateException): it stopped between our state check and the call. Any other IllegalStateException is a
     * bug, answered 500 like any other.
     */
    static boolean streamsStopped(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().startsWith("KafkaStreams is not running");
    }

    /**
     * Whether a request's {@code Host} header names this server. On a loopback address (the default, localhost) only
     * localhost, a loopback literal or the advertised name: a web page in the user's browser could otherwise read the
     * fleet's GPS tracks through DNS rebinding (its own name, resolved to 127.0.0.1). On any other address the
     * operator chose to be reachable, by whatever name, and every Host is taken. No Host (HTTP/1.0) is taken.
     */
    static boolean hostAllowed(String hostHeader, boolean loopbackOnly, String advertisedHost) {
        if (!loopbackOnly || hostHeader == null) {
            return true;
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String withDot = h.startsWith("[") ? h.substring(0, Math.max(1, h.indexOf(']') + 1))
                : h.contains(":") ? h.substring(0, h.lastIndexOf(':')) : h;
        String name = withDot.endsWith(".") ? withDot.substring(0, withDot.length() - 1) : withDot; // "localhost." is DNS's own form
        return name.equals("localhost") || name.endsWith(".localhost") || name.matches("127(\\.\\d{1,3}){3}") || name.equals("[::1]")
                || name.equalsIgnoreCase(advertisedHost) || ("[" + advertisedHost + "]").equalsIgnoreCase(name);
    }

    /** A query parameter in epoch ms, 0 when absent; anything else (the name alone too) is a 400 naming it. */
    static long millis(Map<String, String> query, String name) {
        if (!query.containsKey(name)) {
            return 0;
        }
        String value = query.get(name);
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a time in epoch milliseconds, was " + (value == null ? "nothing"
                    : "'" + value + "'"));
        }
    }

    /**
     * A yes/no query parameter: its name alone, {@code 1}, {@code true} or {@code yes} (any case) is yes; absent, {@code 0},
     * {@code false} or {@code no} is no; anything else is a 400 naming it (a typo is not a quiet no).
     */
    static boolean flag(Map<String, String> query, String name) {
        if (!query.containsKey(name)) {
            return false;
        }
        String value = query.get(name);
        if (value == null) {
            return true; // the name alone: ?track
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new BadRequest(name + " must be 1 or 0 (true or false), was '" + value + "'");
        };
    }

    /**
     * A path's text from its raw form, as a client sent it: each char one byte as the JDK's server read it, {@code %XX}
     * escapes decoded to bytes, the bytes read as UTF-8 ({@code +} stays a plus). {@code URI.getPath} decodes only the
     * escapes, so {@code curl 'localhost:8080/api/rides/café'} (UTF-8 bytes, unencoded) asked for a ride {@code
     * cafÃ©}, while {@code caf%C3%A9} found it.
     */
    static String utf8Path(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int escaped = c == '%' ? hex(raw, i + 1) : -1;
            if (escaped >= 0) {
                bytes.write(escaped);
                i += 2;
            } else if (c < 256) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The byte of the two hex digits at {@code at}, or -1. */
    private static int hex(String s, int at) {
        if (at + 1 >= s.length()) {
            return -1;
        }
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    /** A request this server cannot answer as asked: HTTP 400 with the reason. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /** A query's parameters, and the names it gives more than once ({@link #repeated}). */
    private static final class Query extends HashMap<String, String> {
        private final Set<String> repeated = new TreeSet<>();
    }

    /**
     * The names {@code query} (from {@link #query}) gives more than once: {@code ?track=maybe&track=1} took the last
     * and answered 200, the first a typo no one was told of. Refused on API paths ({@link ApiRoute#checkNames}); a
     * Prometheus job's {@code match[]} may repeat on {@code /metrics}.
     */
    static Set<String> repeated(Map<String, String> query) {
        return query instanceof Query q ? Collections.unmodifiableSet(q.repeated) : Set.of();
    }

    /** The query's parameters by name; a name alone ({@code ?track}, no {@code =}) has the value null. */
    static Map<String, String> query(String raw) {
        Query q = new Query();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (pair.isEmpty() || eq == 0) {
                    continue;
                }
                try {
                    String name = URLDecoder.decode(eq > 0 ? pair.substring(0, eq) : pair, StandardCharsets.UTF_8);
                    if (q.containsKey(name)) {
                        q.repeated.add(name);
                    }
                    q.put(name, eq > 0 ? URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8) : null);
                } catch (IllegalArgumentException e) {
                    throw new BadRequest("a query parameter is not URL-encoded: '" + pair + "'");
                }
            }
        }
        return q;
    }
}
