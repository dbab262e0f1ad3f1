package org.fleetstreams.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds dead-letter records: the original bytes with {@link DeadLetterHeaders} naming why, and where the record
 * came from. Used by the input checks (invalid input) and by every result that refuses a late record.
 */
public final class DeadLetters {

    /** Node name of the dead-letter topic's sink; every processor that dead-letters forwards there by name. */
    public static final String SINK = "dead-letters-sink";

    /** Group of the app's own metrics: {@code stream-fleetstreams-metrics}. */
    public static final String METRIC_SCOPE = "fleetstreams";

    private DeadLetters() {
    }

    /** The counter of dead letters for bad input, per input ({@code dead-letter-total}). */
    public static final String DEAD_LETTER_METRIC = "dead-letter";
    /** The counter of dead letters for bad input, per input and reason category ({@code dead-letter-reason-total}). */
    public static final String DEAD_LETTER_REASON_METRIC = "dead-letter-reason";
    /** The counter of late records, per result they missed ({@code late-total}). */
    public static final String LATE_METRIC = "late";
    /** Kafka Streams' own task-level metric group ({@code dropped-records-total}, the restore sensors). */
    public static final String TASK_GROUP = "stream-task-metrics";

    /** A counter {@code <operation>-total} / {@code -rate} in the app's metric group, tagged with {@code entity}. */
    public static Sensor sensor(ProcessingContext context, String entity, String operation) {
        return context.metrics().addRateTotalSensor(METRIC_SCOPE, entity, operation, Sensor.RecordingLevel.INFO);
    }

    /**
     * A short, fixed name for a validation reason, for metrics ({@code dead-letter-reason-total}) where the reason's
     * text, which names values, would make a label per record: null-value, missing-field, wrong-type, not-json,
     * non-finite, out-of-range, key-mismatch, no-timestamp, other. A null in a required field is a missing field; a
     * valid JSON value of the wrong shape (a string for a number, an array for the object) is a wrong type, not
     * "not JSON": Jackson's reasons all begin "not a valid ... JSON value".
     */
    public static String category(String reason) {
        String category = categoryOf(reason);
        assert CATEGORIES.contains(category) : category;
        return category;
    }

    /** Every value {@link #category} returns, so that each counter can be made before its first record. */
    public static final List<String> CATEGORIES = List.of("null-value", "key-mismatch", "missing-field", "wrong-type",
            "non-finite", "out-of-range", "no-timestamp", "not-json", "other");

    private static String categoryOf(String reason) {
        if (reason == null) {
            return "other";
        }
        if (reason.startsWith("null value")) {
            return "null-value";
        }
        if (reason.startsWith("key ")) {
            return "key-mismatch"; // first: the reason quotes the key and the ride id, which may contain any words
        }
        if (reason.contains("missing required property") || reason.startsWith("missing ")
                || reason.contains("null for required property")) {
            return "missing-field";
        }
        if (reason.contains("not a number for required property") || reason.contains("not a string for property")
                || reason.contains("expected a JSON object")) {
            return "wrong-type";
        }
        if (reason.startsWith("non-finite")) {
            return "non-finite";
        }
        if (reason.contains("out of range") || reason.contains("beyond") || reason.startsWith("negative speed")
                || reason.contains(" too long: ") || reason.startsWith("value too large")
                || reason.startsWith("headers too large")) {
            return "out-of-range";
        }
        if (reason.startsWith("no usable timestamp")) {
            return "no-timestamp";
        }
        if (reason.contains(" not valid Unicode: ")) {
            return "not-json"; // as bytes that are not UTF-8 are: text no UTF-8 writer can carry
        }
        return reason.contains("JSON") ? "not-json" : "other";
    }

    /** Headers of a record our validation rejected. */
    public static Headers invalid(ProcessingContext context, Headers original, String reason) {
        Headers headers = copy(context, original, INVALID, null);
        headers.add(DeadLetterHeaders.REASON, bytes(reason));
        return headers;
    }

    /**
     * Headers of a valid record that came too late for {@code result}.
     *
     * @param source   where the record was read, when it waited in a store (else null: the task's current record)
     * @param lateByMs how far the result's event-time clock was past the record's event time
     * @param rule     when the result stopped taking records: {@link #behindClock} or {@link #afterWindowClosed}
     */
    public static Headers late(ProcessingContext context, Headers original, Source source, String result, long lateByMs,
                               String rule) {
        return lateHeaders(copy(context, original, LATE, source), result, lateByMs, rule);
    }

    /** The rule of a result that takes records at most {@code toleratedMs} behind its clock (the join). */
    public static String behindClock(long toleratedMs) {
        return "its event-time clock (tolerated: " + toleratedMs + " ms)";
    }

    /**
     * The rule of a window, which takes records until its clock reaches the window's end plus {@code graceMs}: a
     * record just before the end may be that far behind the clock, an earlier one less.
     */
    public static String afterWindowClosed(long graceMs) {
        return "its event-time clock (the window closed when the clock reached its end + " + graceMs + " ms)";
    }

    /**
     * Headers of a valid reading the braking detector refused: {@code behindMs} before its ride's previous reading of
     * its kind (out of order within its input, which the join and the windows tolerate up to the disorder; the
     * detector's estimates only move forward). Late for {@code result}, as {@link #late}.
     */
    public static Headers outOfOrder(ProcessingContext context, Headers original, Source source, String result,
                                     long behindMs) {
        return lateHeaders(copy(context, original, LATE, source), result, behindMs,
                "its ride's previous reading of this kind (the detector takes readings in order only)");
    }

    /**
     * Headers of a record the app derived (not read), e.g. a harsh-braking alert, that came too late for {@code
     * result}: it names no input record (the task's current record, if any, is another one), and {@value
     * DeadLetterHeaders#DERIVED} says what it is.
     */
    public static Headers lateDerived(Headers original, String what, String result, long lateByMs, String rule) {
        Headers headers = copy(null, original, LATE, null);
        headers.add(DeadLetterHeaders.DERIVED, bytes(what));
        return lateHeaders(headers, result, lateByMs, rule);
    }

    /** The late headers: reason {@code late: missed <result> by <N> ms behind <what>}, the result and N. */
    private static Headers lateHeaders(Headers headers, String result, long lateByMs, String behindWhat) {
        headers.add(DeadLetterHeaders.REASON, bytes("late: missed " + result + " by " + lateByMs + " ms behind "
                + behindWhat));
        headers.add(DeadLetterHeaders.LATE_RESULT, bytes(result));
        headers.add(DeadLetterHeaders.LATE_BY_MS, bytes(String.valueOf(lateByMs)));
        return headers;
    }

    /** The record as a dead letter: its original bytes and the given headers, on the dead-letter sink. */
    public static <K> void forward(ProcessorContext<K, Object> context,
                                   Record<K, ?> record, byte[] raw, Headers headers) {
        forward(context, record, raw, headers, SINK);
    }

    /**
     * The same, to {@code child}: a node that passes dead letters on to the sink, for a processor whose every child
     * gets its other outputs (the braking detector's alerts).
     */
    public static <K> void forward(ProcessorContext<K, Object> context,
                                   Record<K, ?> record, byte[] raw, Headers headers, String child) {
        K key = record.key();
        if (key instanceof String s && s.length() > MAX_KEY_CHARS) {
            headers.add(DeadLetterHeaders.KEY_TRUNCATED_FROM, bytes(String.valueOf(s.length())));
            @SuppressWarnings("unchecked")
            K cut = (K) s.substring(0, MAX_KEY_CHARS);
            key = cut;
        }
        int keyBytes = key == null ? 0 : bytes(String.valueOf(key)).length;
        // A record without a usable time has timestamp 0 here: stamped 1970, its dead letter would be the first thing
        // a dead-letter topic with time retention (one someone else created) deletes. It gets the wall clock instead.
        long timestamp = record.timestamp() > 0 ? record.timestamp() : context.currentSystemTimeMs();
        context.forward(new Record<K, Object>(key, fitted(raw, keyBytes, headers), timestamp, headers), child);
    }

    /** A longer key (the reason quotes its start, a header its length) is cut to this many characters. */
    static final int MAX_KEY_CHARS = 10_000;

    /**
     * The most bytes of key, headers and value a dead letter carries. An input record may be as large as the broker takes
     * (about 1 MB by default), and its dead letter adds headers: written whole it could exceed the producer's
     * {@code max.request.size}, and under exactly-once a record the producer refuses aborts the transaction, so the
     * same input would fail the task again and again. A longer value is cut to fit, and says so.
     */
    public static final int MAX_DEAD_LETTER_BYTES = 900_000;

    /**
     * {@code raw}, or its first bytes with a {@value DeadLetterHeaders#TRUNCATED_FROM} header when key, headers and
     * value together would be over {@link #MAX_DEAD_LETTER_BYTES}.
     */
    static byte[] fitted(byte[] raw, int keyBytes, Headers headers) {
        long headerBytes = 64 + headerBytes(headers); // 64: the truncation header itself
        int room = (int) Math.max(0, MAX_DEAD_LETTER_BYTES - keyBytes - headerBytes);
        if (raw == null || raw.length <= room) {
            return raw;
        }
        headers.add(DeadLetterHeaders.TRUNCATED_FROM, bytes(String.valueOf(raw.length)));
        return Arrays.copyOf(raw, room);
    }

    private static final String INVALID = DeadLetterHeaders.INVALID_INPUT;
    private static final String LATE = DeadLetterHeaders.LATE;

    /**
     * The most bytes of the input record's own headers a dead letter carries: more (a broker takes a record with up to
     * about 1 MB of headers) would leave no room for the value, or push the dead letter over the producer's limit
     * whatever is cut from the value. Over it, they are left out, and {@value DeadLetterHeaders#HEADERS_DROPPED} says so.
     */
    public static final int MAX_INPUT_HEADER_BYTES = 64 * 1024;

    // A copy: the incoming Headers object can be shared with other records of the task.
    private static Headers copy(ProcessingContext context, Headers original, String exception, Source source) {
        Headers headers = new RecordHeaders();
        for (Header h : original) {
            // an input that was a dead letter before (a replay of the dead-letter topic) keeps one set: ours
            if (!DeadLetterHeaders.OURS.contains(h.key())) {
                headers.add(h);
            }
        }
        long size = headerBytes(headers);
        if (size > MAX_INPUT_HEADER_BYTES) {
            int count = headers.toArray().length;
            headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.HEADERS_DROPPED, bytes(count + " headers, " + size + " bytes"));
        }
        headers.add(DeadLetterHeaders.EXCEPTION, bytes(exception));
        Source where = source != null ? source : context == null ? null : context.recordMetadata()
                // in a punctuation Kafka Streams' record context has no topic (and offset -1): no input record
                .filter(m -> m.topic() != null)
                .map(m -> new Source(m.topic(), m.partition(), m.offset())).orElse(null);
        if (where != null) {
            headers.add(DeadLetterHeaders.TOPIC, bytes(where.topic()));
            headers.add(DeadLetterHeaders.PARTITION, bytes(String.valueOf(where.partition())));
            headers.add(DeadLetterHeaders.OFFSET, bytes(String.valueOf(where.offset())));
        }
        return headers;
    }

    /** What each header takes beyond its name and value, as the merge holds it: its two lengths. */
    public static final int HEADER_OVERHEAD = 8;

    /**
     * Bytes of headers as held and sent: names in UTF-8, values, and {@value #HEADER_OVERHEAD} per header for their
     * lengths; 0 without any. Names and values alone let through 150,000 empty headers, 0 bytes: 1.2 MB where the
     * merge holds them, a changelog record over the producer's limit, and a dead letter that kept them all.
     */
    public static long headerBytes(Iterable<Header> headers) {
        long n = 0;
        for (Header h : headers) {
            n += HEADER_OVERHEAD + bytes(h.key()).length + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
