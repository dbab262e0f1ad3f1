package org.fleetstreams.replay.resume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fleetstreams.common.admin.KafkaSetupException;

/**
 * Checks that the topics hold a prefix of this replay, partition by partition, and finds the {@link ResumePoint}.
 *
 * <p>It is offered the replay's records in schedule order (a dry walk of the same schedule, same bytes) and compares
 * each with the next replay record its partition holds: same timestamp, ride, key and value. Why a prefix per
 * partition is what a killed replay leaves: the producer is idempotent, so within a partition the broker appends
 * batches in send order with no gap and no repeat; a kill only cuts each partition's sequence somewhere. Partitions
 * are cut at different places, which is why the point is a count per partition and not one place in the schedule.
 */
public final class ResumeMatcher {

    private static final String ADVICE = "; --resume continues the same replay: give the interrupted run's options"
            + " (a replay published with event_time in its values, as every one before 2026-12-05, needs"
            + " --event-time-field), or replay into new topics (--topic-prefix) without --resume";

    private final PublishedRecords published;
    private final Map<String, long[]> matched = new HashMap<>();
    private final int partitions;
    private int unmatchedPartitions;

    /**
     * How much event time one input may hold while the other holds nothing of the replay: a kill in the first
     * seconds can leave the GPS input empty (a fix every 1-4 s per ride, 50 samples a second), but not for longer.
     */
    static final long ONE_SIDED_MS = 10_000;

    /**
     * @param topics the replay's input topics
     * @param fed    those the data set has rows for: a GPS-only data set leaves the other one empty, as it should
     */
    public ResumeMatcher(PublishedRecords published, Iterable<String> topics, Set<String> fed) {
        this.published = published;
        int count = -1;
        Map<String, long[]> spans = new LinkedHashMap<>(); // topic -> {records, first time, last time}
        for (String topic : topics) {
            count = published.partitions(topic);
            matched.put(topic, new long[count]);
            long[] span = {0, Long.MAX_VALUE, Long.MIN_VALUE};
            for (int p = 0; p < count; p++) {
                PublishedRecords.Partition held = published.partition(topic, p);
                unmatchedPartitions += held.size() > 0 ? 1 : 0;
                span[0] += held.size();
                for (int i = 0; i < held.size(); i++) {
                    span[1] = Math.min(span[1], held.timestamp(i));
                    span[2] = Math.max(span[2], held.timestamp(i));
                }
            }
            spans.put(topic, span);
        }
        this.partitions = count;
        refuseOneSided(spans, fed);
    }

    /**
     * One input empty beside another that holds more than {@link #ONE_SIDED_MS} of the replay is not a killed replay:
     * the empty one was deleted or emptied since (and created again by the topic setup). Resuming would send all of
     * it again, behind the other input's event time, where the app takes it as late.
     */
    private static void refuseOneSided(Map<String, long[]> spans, Set<String> fed) {
        for (Map.Entry<String, long[]> empty : spans.entrySet()) {
            if (empty.getValue()[0] > 0 || !fed.contains(empty.getKey())) {
                continue;
            }
            for (Map.Entry<String, long[]> other : spans.entrySet()) {
                long[] o = other.getValue();
                if (o[0] > 0 && o[2] - o[1] > ONE_SIDED_MS) {
                    throw new KafkaSetupException(String.format("cannot resume: %s holds nothing of this replay, but %s"
                                    + " holds %,d of its records over %.1f s of event time: a killed replay leaves both"
                                    + " (was %s deleted or emptied?); replay into new topics (--topic-prefix) without"
                                    + " --resume", empty.getKey(), other.getKey(), o[0], (o[2] - o[1]) / 1000.0,
                            empty.getKey()));
                }
            }
        }
    }

    /**
     * The replay's next record; returns true once every record the topics hold is matched (the rest is new).
     *
     * @throws KafkaSetupException when the partition holds a different record in this place
     */
    public boolean offer(String topic, byte[] key, long timestamp, byte[] value) {
        int p = ResumePoint.partitionOf(key, partitions);
        long[] counts = matched.get(topic);
        PublishedRecords.Partition held = published.partition(topic, p);
        int i = (int) counts[p];
        if (i < held.size()) {
            String ride = new String(key, StandardCharsets.UTF_8);
            if (held.timestamp(i) != timestamp || !held.ride(i).equals(ride)
                    || held.fingerprint(i) != PublishedRecords.fingerprint(key, value)) {
                throw new KafkaSetupException(String.format("cannot resume: %s-%d offset %d holds ride %s at %s, but"
                                + " this replay's record %,d there is ride %s at %s%s%s", topic, p, held.offset(i),
                        held.ride(i), Instant.ofEpochMilli(held.timestamp(i)), i + 1, ride, Instant.ofEpochMilli(timestamp),
                        held.timestamp(i) == timestamp && held.ride(i).equals(ride) ? " with other values" : "", ADVICE));
            }
            if (++counts[p] == held.size()) {
                unmatchedPartitions--;
            }
        } else {
            counts[p]++;
        }
        return unmatchedPartitions == 0;
    }

    /**
     * Where to resume, once the walk is done: {@link #offer} returned true, or the schedule ended.
     *
     * @throws KafkaSetupException when a partition holds more of the replay's records than the replay publishes there
     */
    public ResumePoint point() {
        Map<String, long[]> held = new HashMap<>();
        matched.forEach((topic, counts) -> {
            long[] h = new long[counts.length];
            for (int p = 0; p < counts.length; p++) {
                int size = published.partition(topic, p).size();
                if (counts[p] < size) {
                    throw new KafkaSetupException(String.format("cannot resume: %s-%d holds %,d records of this replay's"
                            + " rides, more than the %,d it publishes there (a replay with more --passes or --fleet?)%s",
                            topic, p, size, counts[p], ADVICE));
                }
                h[p] = size;
            }
            held.put(topic, h);
        });
        return new ResumePoint(partitions, held, published.otherRecords());
    }
}
