package org.fleetstreams.reliability;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record as it sits in an input topic: where it is, and its bytes. */
record InputRecord(String topic, int partition, long offset, String key, byte[] value, long timestamp) {

    static InputRecord of(ConsumerRecord<String, byte[]> r) {
        return new InputRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp());
    }

    String source() {
        return topic + "-" + partition + "@" + offset;
    }
}
