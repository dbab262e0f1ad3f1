package org.fleetstreams.dlq;

/**
 * Headers on every {@code {prefix}-dead-letters} record. The names are the ones Kafka Streams' own dead-letter
 * support (KIP-1034) writes, so one consumer reads both our validation dead letters and Streams' own.
 */
public final class DeadLetterHeaders {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String REASON = "__streams.errors.message";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";

    /** The {@link #EXCEPTION} value of records our validation rejected (no exception was thrown). */
    public static final String INVALID_INPUT = "org.fleetstreams.dlq.InvalidInput";

    private DeadLetterHeaders() {
    }
}
