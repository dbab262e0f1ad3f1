package org.fleetstreams.time;

import java.util.List;
import java.util.Map;

/**
 * Whether a task has read everything the broker holds of an input partition: what tells an input that has stopped
 * from one that is only paused (a rebalance, a slow fetch, a broker moving leadership, a stalled thread). Only a
 * stopped input may be passed over; a paused one still holds records that belong before what is waiting.
 *
 * <p>Kafka Streams' own answer to this (a partition's last known lag, used for {@code max.task.idle.ms}) is the lag
 * at the last fetch, which in a live stream is 0 after almost every fetch; so the answer here comes from the broker's
 * end offsets, polled by {@link BrokerInputProgress}.
 */
public interface InputProgress extends AutoCloseable {

    /**
     * Streams setting naming where the answer comes from: {@value #BROKER} (the default: the app's Kafka cluster) or
     * {@value #PIPED} (a TopologyTestDriver, whose input is exactly what the test piped, so it is always read).
     */
    String CONFIG = "fleetstreams.input.progress";
    String BROKER = "broker";
    String PIPED = "piped";

    /** Every input is always read to its end, at every moment: for the TopologyTestDriver. */
    InputProgress ALL_READ = new InputProgress() {
        @Override
        public long lookedAt(String topic, int partition) {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean caughtUp(String topic, int partition, long nextOffset) {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /**
     * Wall-clock time at which the last look at the broker that answered for the partition began; {@link Long#MIN_VALUE}
     * before the first. Looks are answered on another thread: a caller that pairs this time with {@link #caughtUp} asks
     * for the time first, so that a look answered in between can only be newer than the time it pairs.
     */
    long lookedAt(String topic, int partition);

    /**
     * True when, at the last look, the partition held nothing at or after {@code nextOffset} (the offset after the last
     * record this task took from it; -1 when it took none since it started) or after the group's committed offset,
     * whichever is further (a transaction marker, the last offset of a transactional producer's writes, is behind the
     * committed offset only; records dead-lettered by the input checks reach the merge as {@code Skipped}).
     */
    boolean caughtUp(String topic, int partition, long nextOffset);

    /** The task no longer asks. */
    @Override
    void close();

    /** The progress source the Streams configuration names ({@link #CONFIG}), for the task's input topics. */
    static InputProgress forTask(Map<String, Object> appConfigs, List<String> inputTopics) {
        Object mode = appConfigs.getOrDefault(CONFIG, BROKER);
        if (checkMode(String.valueOf(mode)).equals(PIPED)) {
            return ALL_READ;
        }
        return BrokerInputProgress.acquire(appConfigs, inputTopics);
    }

    /** {@code mode} if it is {@value #BROKER} or {@value #PIPED}; anything else is refused, naming the setting. */
    static String checkMode(String mode) {
        if (BROKER.equals(mode) || PIPED.equals(mode)) {
            return mode;
        }
        throw new IllegalArgumentException(CONFIG + " must be " + BROKER + " or " + PIPED + ", was '" + mode + "'");
    }
}
