package org.fleetstreams.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;

/**
 * What the inputs hold of the replayed data, whoever wrote it: how many data records (not the bad records a test
 * injected, not the closing records), how many distinct ones, and how many came before a record with a later event
 * time in their partition. A replay each record of which is in once and in order has data = distinct and 0 out of
 * order (the replayer's offset clock never steps event time back within a partition).
 */
record InputOnce(long dataRecords, long distinct, long outOfOrder) {

    static InputOnce read(String bootstrap, Topics topics) {
        long data = 0;
        long outOfOrder = 0;
        Set<String> seen = new HashSet<>();
        for (String topic : topics.inputs()) {
            Map<Integer, Long> lastTime = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topic, Duration.ofMinutes(2))) {
                if (r.key() == null || r.key().startsWith(FaultRig.BAD_KEY_PREFIX) || ClosingRecords.isClosing(r.key())) {
                    continue;
                }
                data++;
                seen.add(topic + " " + r.key() + " " + r.timestamp() + " " + new String(r.value(), StandardCharsets.UTF_8));
                Long last = lastTime.put(r.partition(), r.timestamp());
                if (last != null && last > r.timestamp()) {
                    outOfOrder++;
                }
            }
        }
        return new InputOnce(data, seen.size(), outOfOrder);
    }

    @Override
    public String toString() {
        return String.format("input: %,d data records, %,d distinct, %,d out of event-time order in their partition",
                dataRecords, distinct, outOfOrder);
    }
}
