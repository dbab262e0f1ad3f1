package org.fleetstreams.replay;

/** Where the replayer hands its records: Kafka, or nowhere ({@code --dry-run}). */
public interface RecordSink extends AutoCloseable {

    /** Hands one record over; returns without waiting for the broker. */
    void send(String topic, byte[] key, long timestamp, byte[] value);

    /** Blocks until every record handed over so far is acknowledged or has failed. */
    void flush();

    @Override
    void close();

    /** {@code --dry-run}: accepts everything, sends nothing. */
    RecordSink DISCARD = new RecordSink() {
        @Override
        public void send(String topic, byte[] key, long timestamp, byte[] value) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
}
