package org.fleetstreams.deadletter;

/**
 * Where an input record was read: what a dead letter names in its {@code __streams.errors.topic/partition/offset}
 * headers. Kept with a record that waits in a store, because when it goes on, the task's current record (what
 * Kafka Streams' record metadata describes) is another one.
 */
public record Source(String topic, int partition, long offset) {
}
