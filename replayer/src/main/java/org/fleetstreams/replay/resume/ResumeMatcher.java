package org.fleetstreams.replay.resume;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fleetstreams.common.admin.KafkaSetupException;

/**
 * Checks that the topics hold a prefix of this replay, partition by partition, and finds the {@link ResumePoint}.
 *
 * <p>It is offered the replay's records in schedule order (a dry walk of the same schedule, same bytes) and compares
 * each with the next replay record its partition holds: same event time (the record timestamp, or the value's
 * {@code event_time} on a LogAppendTime topic: {@link PublishedRecords#eventTime}), ride, key and value. Why a prefix per
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
    private final long passLengthMillis;
    private int unmatchedPartitions;
    /** Event time of the walk's first record; a record a pass length after it is of a later pass. */
    private long firstOffered = Long.MIN_VALUE;
    private boolean firstPassChecked;
    /** Input topics that hold nothing of the replay -> event time of the first record the walk sent them, if any. */
    private final Map<String, Long> firstSentToEmpty = new LinkedHashMap<>();

    /**
     * How much event time the replay may send past an input's first record while that input holds nothing: a kill
     * cuts each partition's sequence at its own place (batches in flight, a batch still lingering), so an input can
     * be empty beside another that holds the next seconds, but not the next minute.
     */
    static final long ONE_SIDED_MS = 10_000;

    /**
     * @param topics           the replay's input topics (a one-kind data set sends nothing to the other: it may stay
     *                         empty)
     * @param passLengthMillis the schedule's pass length: every pass sends the same rides, so a partition a whole pass
     *                         sends nothing to gets nothing from any later one
     */
    public ResumeMatcher(PublishedRecords published, Iterable<String> topics, long passLengthMillis) {
        this.published = published;
        this.passLengthMillis = passLengthMillis;
        int count = -1;
        for (String topic : topics) {
            count = published.partitions(topic);
            matched.put(topic, new long[count]);
            long held = 0;
            for (int p = 0; p < count; p++) {
                held += published.partition(topic, p).size();
                unmatchedPartitions += published.partition(topic, p).size() > 0 ? 1 : 0;
            }
            if (held == 0) {
                firstSentToEmpty.put(topic, null);
            }
        }
        this.partitions = count;
    }

    /**
     * An input that holds nothing although the replay sent its first record more than {@link #ONE_SIDED_MS} of event
     * time before a record the other input holds is not a killed replay: the empty one was deleted or emptied since
     * (and created again by the topic setup). Resuming would send all of it again, behind the other input's event
     * time, where the app takes it as late. Judged on the schedule, not on the span the other input holds, so data
     * whose GPS starts late (a phone without a fix yet) resumes from a kill before its first fix.
     */
    private void refuseOneSided(String topic, int partition, long offset, long heldAt) {
        for (Map.Entry<String, Long> empty : firstSentToEmpty.entrySet()) {
            Long first = empty.getValue();
            if (first != null && heldAt - first > ONE_SIDED_MS) {
                throw new KafkaSetupException(String.format("cannot resume: %s holds nothing of this replay, but %s-%d"
                                + " holds its record at %s (offset %d), %.1f s of event time after the first record it"
                                + " sends to %s: a killed replay leaves both (was %s deleted or emptied?); replay into"
                                + " new topics (--topic-prefix) without --resume", empty.getKey(), topic, partition,
                        Instant.ofEpochMilli(heldAt), offset, (heldAt - first) / 1000.0, empty.getKey(), empty.getKey()));
            }
        }
    }

    /**
     * Once the walk is past its first pass: a partition that holds replay records but was sent none in that pass is
     * sent none by any pass (each sends the same rides), and a {@code --loop} walk would look for them forever (before
     * 2026-12-08 it did, at 100 % CPU). A record {@code passLengthMillis} of event time after the first is of pass 1
     * or later (a pass's event times span less than a pass length), so pass 0 is all sent.
     */
    private void refuseUnreached(long timestamp) {
        if (firstOffered == Long.MIN_VALUE) {
            firstOffered = timestamp;
        }
        if (firstPassChecked || timestamp - firstOffered < passLengthMillis) {
            return;
        }
        firstPassChecked = true;
        matched.forEach((topic, counts) -> {
            for (int p = 0; p < counts.length; p++) {
                int size = published.partition(topic, p).size();
                if (counts[p] == 0 && size > 0) {
                    throw new KafkaSetupException(String.format("cannot resume: %s-%d holds %,d records of this"
                                    + " replay's rides, but this replay publishes none there: a whole pass (%.1f s of"
                                    + " event time) sent it nothing, and every pass sends the same rides (another"
                                    + " --fleet or --data, or written there by someone else?)%s", topic, p, size,
                            passLengthMillis / 1000.0, ADVICE));
                }
            }
        });
    }

    /**
     * The replay's next record; returns true once every record the topics hold is matched (the rest is new).
     *
     * @throws KafkaSetupException when the partition holds a different record in this place, or, past the first pass,
     *                             when a partition holds records no pass sends there
     */
    public boolean offer(String topic, byte[] key, long timestamp, byte[] value) {
        refuseUnreached(timestamp);
        int p = ResumePoint.partitionOf(key, partitions);
        long[] counts = matched.get(topic);
        PublishedRecords.Partition held = published.partition(topic, p);
        int i = (int) counts[p];
        if (firstSentToEmpty.containsKey(topic)) {
            firstSentToEmpty.putIfAbsent(topic, timestamp);
        }
        if (i < held.size()) {
            String ride = new String(key, StandardCharsets.UTF_8);
            if (held.timestamp(i) != timestamp || !held.ride(i).equals(ride)
                    || held.fingerprint(i) != PublishedRecords.fingerprint(key, value)) {
                throw new KafkaSetupException(String.format("cannot resume: %s-%d offset %d holds ride %s at %s, but"
                                + " this replay's record %,d there is ride %s at %s%s%s", topic, p, held.offset(i),
                        held.ride(i), Instant.ofEpochMilli(held.timestamp(i)), i + 1, ride, Instant.ofEpochMilli(timestamp),
                        held.timestamp(i) == timestamp && held.ride(i).equals(ride) ? " with other values" : "", ADVICE));
            }
            refuseOneSided(topic, p, held.offset(i), timestamp);
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
