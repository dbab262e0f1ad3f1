package org.fleetstreams.replay;

import org.fleetstreams.replay.data.SensorKind;

/**
 * Told of every input record the broker acknowledged, on the producer's one I/O thread: for a caller that follows
 * what has been published record by record (the demo measures how far the app's joined output trails the pairs the
 * published records make). Keep it cheap: it runs between the producer's network rounds.
 */
@FunctionalInterface
public interface AckListener {

    AckListener NONE = (kind, partition, key, eventTime) -> { };

    /**
     * @param kind      which input topic
     * @param partition the record's partition
     * @param key       the record's key (the ride id, UTF-8); not to be changed
     * @param eventTime the record's timestamp as sent
     */
    void acknowledged(SensorKind kind, int partition, byte[] key, long eventTime);
}
