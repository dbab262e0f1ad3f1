package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the instance-fault scenario may kill an instance: its console says it runs and holds tasks (StreamsRunner's lines). */
class HoldsTasksTest {

    @Test
    void aRestartedInstancesFirstRunningWithoutTasksIsNotEnough() {
        String log = """
                Kafka Streams CREATED -> REBALANCING
                Kafka Streams REBALANCING -> RUNNING
                Active tasks: []
                """;
        assertThat(InstanceFaults.holdsTasks(log)).isFalse();
    }

    @Test
    void runningWithTasksIsEnough() {
        String log = """
                Kafka Streams CREATED -> REBALANCING
                Kafka Streams REBALANCING -> RUNNING
                Active tasks: []
                Kafka Streams RUNNING -> REBALANCING
                Restoring store car-summary-store, partition 1: 154 changelog records
                Kafka Streams REBALANCING -> RUNNING
                Active tasks: [0_1, 0_4]
                note: a write met the previous transaction still completing
                """;
        assertThat(InstanceFaults.holdsTasks(log)).isTrue();
    }

    @Test
    void aRebalanceAfterwardsTakesItBack() {
        String log = """
                Kafka Streams REBALANCING -> RUNNING
                Active tasks: [0_1]
                Kafka Streams RUNNING -> REBALANCING
                Restoring store car-summary-store, partition 1: 154 changelog records
                """;
        assertThat(InstanceFaults.holdsTasks(log)).isFalse();
    }

    @Test
    void nothingLoggedYetHoldsNothing() {
        assertThat(InstanceFaults.holdsTasks("")).isFalse();
    }
}
