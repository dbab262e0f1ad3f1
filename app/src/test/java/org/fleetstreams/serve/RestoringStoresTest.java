package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/**
 * An interactive query that read a restoring active partition is refused (Kafka Streams 4.x answers from a task its
 * state updater is still restoring, and after a corruption the instance stays RUNNING meanwhile): 503, not a fleet
 * answer without that partition's rides, and every iterator the query opened is closed.
 */
class RestoringStoresTest {

    private static final String STORE = "ride-overview";
    private final List<Boolean> closed = new ArrayList<>();

    @Test
    void anAnswerThatReadARestoringPartitionIsRefusedAndItsIteratorsClosed() {
        // configure: partition 1 of the store restores, partition 3 of another store too
        RestoringStores restoring = new RestoringStores();
        restoring.onRestoreStart(new TopicPartition("app-ride-overview-changelog", 1), STORE, 0, 500);
        restoring.onRestoreStart(new TopicPartition("app-harsh-braking-state-changelog", 3), "harsh-braking-state", 0, 9);

        // pipe input: a range query's answer from partitions 0, 1 and 3
        StateQueryResult<KeyValueIterator<String, Integer>> answer = answer(0, 1, 3);

        // verify
        assertThatThrownBy(() -> restoring.refuseRestoring(STORE, answer)).isInstanceOf(Unavailable.class)
                .hasMessage("partition 1 of ride-overview is restoring from its changelog");
        assertThat(closed).containsExactly(true, true, true);
    }

    @Test
    void oncePartitionsEndOrLeaveTheirRestoreTheAnswerStands() {
        RestoringStores restoring = new RestoringStores();
        TopicPartition one = new TopicPartition("app-ride-overview-changelog", 1);
        TopicPartition two = new TopicPartition("app-ride-overview-changelog", 2);
        restoring.onRestoreStart(one, STORE, 0, 500);
        restoring.onRestoreStart(two, STORE, 0, 500);
        restoring.onBatchRestored(one, STORE, 250, 250);

        restoring.onRestoreEnd(one, STORE, 500);
        restoring.onRestoreSuspended(two, STORE, 100);

        StateQueryResult<KeyValueIterator<String, Integer>> answer = answer(0, 1, 2);
        assertThatCode(() -> restoring.refuseRestoring(STORE, answer)).doesNotThrowAnyException();
        assertThat(closed).containsExactly(false, false, false);
    }

    @Test
    void anotherStoresRestoreAndAFailedPartitionRefuseNothingHere() {
        RestoringStores restoring = new RestoringStores();
        restoring.onRestoreStart(new TopicPartition("app-harsh-braking-state-changelog", 0), "harsh-braking-state", 0, 9);
        StateQueryResult<KeyValueIterator<String, Integer>> answer = answer(0);
        answer.addResult(1, QueryResult.forFailure(FailureReason.NOT_ACTIVE, "a standby"));

        assertThatCode(() -> restoring.refuseRestoring(STORE, answer)).doesNotThrowAnyException();
    }

    /**
     * A thread reaches RUNNING only restored, so a restore begun before the rebalance has ended at RUNNING, reported or
     * not; one begun since (another thread's corrupted task, revived while this one rebalanced) may not have.
     */
    @Test
    void reachingRunningForgetsTheRestoresBegunBeforeTheRebalanceOnly() {
        RestoringStores restoring = new RestoringStores();
        restoring.onRestoreStart(new TopicPartition("app-ride-overview-changelog", 1), STORE, 0, 500);
        restoring.rebalancing();
        restoring.onRestoreStart(new TopicPartition("app-ride-overview-changelog", 2), STORE, 0, 500);

        restoring.running();

        assertThat(restoring.isRestoring(STORE, 1)).as("begun before the rebalance").isFalse();
        assertThat(restoring.isRestoring(STORE, 2)).as("begun during it").isTrue();
    }


    private StateQueryResult<KeyValueIterator<String, Integer>> answer(int... partitions) {
        StateQueryResult<KeyValueIterator<String, Integer>> result = new StateQueryResult<>();
        for (int p : partitions) {
            int index = closed.size();
            closed.add(false);
            result.addResult(p, QueryResult.forResult(new KeyValueIterator<String, Integer>() {
                @Override
                public boolean hasNext() {
                    return false;
                }

                @Override
                public KeyValue<String, Integer> next() {
                    throw new java.util.NoSuchElementException();
                }

                @Override
                public void close() {
                    closed.set(index, true);
                }

                @Override
                public String peekNextKey() {
                    throw new java.util.NoSuchElementException();
                }
            }));
        }
        return result;
    }
}
