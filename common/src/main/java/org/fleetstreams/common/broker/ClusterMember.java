package org.fleetstreams.common.broker;

import java.util.Properties;

/**
 * One node of a KRaft cluster in which every node is broker and controller: its id and controller port, the
 * quorum ({@code 1@127.0.0.1:PORT,...}), the cluster id every node is formatted with, and the replication of
 * Kafka's own topics. With three nodes, replication 3 and min.insync.replicas 2, exactly-once keeps its promise
 * through the loss of one node, as Kafka's documentation asks.
 */
public record ClusterMember(int nodeId, int controllerPort, String quorumVoters, String clusterId,
                            int replicationFactor, int minInsyncReplicas) {

    /** Node settings that differ from a cluster of one (they override {@link EmbeddedKafkaBroker}'s defaults). */
    Properties brokerProperties() {
        Properties p = new Properties();
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", quorumVoters);
        p.put("default.replication.factor", String.valueOf(replicationFactor));
        p.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
        p.put("offsets.topic.replication.factor", String.valueOf(replicationFactor));
        p.put("transaction.state.log.replication.factor", String.valueOf(replicationFactor));
        p.put("transaction.state.log.min.isr", String.valueOf(minInsyncReplicas));
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replicationFactor));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(minInsyncReplicas));
        // A restarted node must not lead before it has caught up; unclean election would lose committed records.
        p.put("unclean.leader.election.enable", "false");
        // A dead node's partitions get new leaders within about 4 s (Kafka's default is 9 s): a failover must be
        // shorter than the app's input idle time (5 s), or a partition whose writes wait for a new leader looks idle.
        p.put("broker.session.timeout.ms", "4000");
        p.put("broker.heartbeat.interval.ms", "1000");
        return p;
    }
}
