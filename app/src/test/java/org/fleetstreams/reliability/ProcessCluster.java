package org.fleetstreams.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.fleetstreams.common.broker.ClusterNode;
import org.fleetstreams.common.broker.FreePorts;

/**
 * A three-node KRaft cluster, one process per node ({@link ClusterNode}), replication 3 and min.insync.replicas 2 for
 * every topic Kafka or the app creates. Nodes keep their log directories, so a node stopped, or killed, and started
 * again rejoins with its data.
 */
final class ProcessCluster implements AutoCloseable {

    static final int NODES = 3;

    private final Path dir;
    private final int[] ports = new int[NODES];
    private final String voters;
    private final String clusterId = Uuid.randomUuid().toString();
    private final ChildJvm[] nodes = new ChildJvm[NODES];
    private final int[] controllerPortOf = new int[NODES];

    ProcessCluster(Path dir) throws InterruptedException {
        this.dir = dir;
        int[] controllerPorts = new int[NODES];
        List<String> quorum = new ArrayList<>();
        int[] free = FreePorts.take(2 * NODES);
        for (int i = 0; i < NODES; i++) {
            ports[i] = free[2 * i];
            controllerPorts[i] = free[2 * i + 1];
            quorum.add((i + 1) + "@127.0.0.1:" + controllerPorts[i]);
        }
        voters = String.join(",", quorum);
        try {
            for (int i = 0; i < NODES; i++) {
                launch(i, controllerPorts[i]);
            }
            for (int i = 0; i < NODES; i++) {
                nodes[i].awaitLog("ready on", Duration.ofSeconds(120));
            }
        } catch (RuntimeException | AssertionError e) {
            // the caller never gets this cluster to close: the nodes that did start must not outlive the test
            close();
            throw e;
        }
    }

    private void launch(int i, int controllerPort) {
        controllerPortOf[i] = controllerPort;
        nodes[i] = ChildJvm.start("broker-" + (i + 1), ClusterNode.class.getName(),
                List.of(String.valueOf(i + 1), String.valueOf(ports[i]), String.valueOf(controllerPort), voters,
                        clusterId, dir.resolve("node-" + (i + 1)).toString(), String.valueOf(NODES), "2"),
                dir.resolve("node-" + (i + 1) + ".log"), "512m");
    }

    String bootstrapServers() {
        return Arrays.stream(ports).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    /** Node id (1..3) of the leader of a partition. */
    int leaderOf(String topic, int partition) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(partition)
                    .leader().id();
        }
    }

    /** A clean stop (SIGTERM: controlled shutdown moves leadership away first). */
    void stop(int nodeId) throws InterruptedException {
        nodes[nodeId - 1].stop(Duration.ofSeconds(60));
    }

    /** SIGKILL: no controlled shutdown, unflushed writes are gone, as when a machine dies. */
    void kill(int nodeId) throws InterruptedException {
        nodes[nodeId - 1].kill();
    }

    /** Starts a stopped or killed node on its kept log directory and waits until it serves clients. */
    Duration start(int nodeId) throws InterruptedException {
        int i = nodeId - 1;
        launch(i, controllerPortOf[i]);
        return nodes[i].awaitLog("ready on", Duration.ofSeconds(120));
    }

    @Override
    public void close() throws InterruptedException {
        ChildJvm.closeAll(Arrays.asList(nodes));
    }
}
