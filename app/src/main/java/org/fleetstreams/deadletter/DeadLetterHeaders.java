package org.fleetstreams.deadletter;

import java.util.List;

/**
 * Headers on every {@code {prefix}-dead-letters} record. The first five are the names Kafka Streams' own
 * dead-letter support (KIP-1034) writes, so one consumer reads both our dead letters and Streams' own.
 */
public final class DeadLetterHeaders {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String REASON = "__streams.errors.message";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /** Which result a late record missed: {@code joined}, {@code car-summaries window [start,end)} or {@code harsh-braking}. */
    public static final String LATE_RESULT = "fleetstreams.late.result";
    /**
     * How far behind the record was, in ms: behind the result's event-time clock ({@code EventClock}); for {@code
     * harsh-braking}, behind its ride's previous reading of its kind.
     */
    public static final String LATE_BY_MS = "fleetstreams.late.by.ms";

    /** Set when the dead letter carries only the first bytes of the record's value: the value's length in bytes. */
    public static final String TRUNCATED_FROM = "fleetstreams.truncated.from";
    /**
     * Set on the dead letter of a record the app derived rather than read (a late harsh-braking alert): what it is.
     * Such a dead letter names no input topic, partition or offset.
     */
    public static final String DERIVED = "fleetstreams.derived";
    /**
     * Set when the input record's own headers were left out because they alone were over {@value
     * DeadLetters#MAX_INPUT_HEADER_BYTES} bytes: how many headers and bytes, e.g. {@code 3 headers, 950123 bytes}.
     */
    public static final String HEADERS_DROPPED = "fleetstreams.headers.dropped";
    /** Set when the dead letter's key is only the first 10,000 characters of the record's key: the key's length. */
    public static final String KEY_TRUNCATED_FROM = "fleetstreams.key.truncated.from";

    /**
     * The headers a dead letter gets, Kafka Streams' own stack trace header among them: an input record that already
     * carries them (a replayed dead letter) loses its copies, so a dead letter has one of each.
     */
    static final List<String> OURS = List.of(EXCEPTION, REASON, TOPIC, PARTITION, OFFSET,
            "__streams.errors.stacktrace", LATE_RESULT, LATE_BY_MS, TRUNCATED_FROM, KEY_TRUNCATED_FROM, DERIVED, HEADERS_DROPPED);

    /** The {@link #EXCEPTION} value of records our validation rejected (no exception was thrown). */
    public static final String INVALID_INPUT = "org.fleetstreams.deadletter.InvalidInput";
    /** The {@link #EXCEPTION} value of valid records that came too late for a result. */
    public static final String LATE = "org.fleetstreams.deadletter.Late";

    private DeadLetterHeaders() {
    }
}
