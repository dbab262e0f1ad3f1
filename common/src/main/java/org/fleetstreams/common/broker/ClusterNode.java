package org.fleetstreams.common.broker;

import java.nio.file.Path;

/**
 * One node of a multi-node KRaft cluster, as its own process, so that a test can stop it cleanly (SIGTERM) or kill
 * it (SIGKILL) like a real broker:
 *
 * <pre>
 * java -cp CLASSPATH org.fleetstreams.common.broker.ClusterNode NODE_ID PORT CONTROLLER_PORT VOTERS CLUSTER_ID LOG_DIR [RF MIN_ISR]
 * </pre>
 *
 * VOTERS is the quorum, e.g. {@code 1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103}; every node gets the same
 * VOTERS and CLUSTER_ID. It prints {@code ready on localhost:PORT} once it serves clients and runs until stopped.
 * The log directory is kept, so a node started again on it rejoins with its data.
 */
public final class ClusterNode {

    private ClusterNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 6 && args.length != 8) {
            System.err.println("usage: ClusterNode NODE_ID PORT CONTROLLER_PORT VOTERS CLUSTER_ID LOG_DIR [RF MIN_ISR]");
            System.exit(2);
        }
        int replication = args.length == 8 ? Integer.parseInt(args[6]) : 3;
        int minIsr = args.length == 8 ? Integer.parseInt(args[7]) : 2;
        ClusterMember member = new ClusterMember(Integer.parseInt(args[0]), Integer.parseInt(args[2]), args[3], args[4],
                replication, minIsr);
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(Integer.parseInt(args[1]))
                .logDir(Path.of(args[5])).member(member).start();
        StandaloneBroker.serveUntilShutdown(broker, "ready on " + broker.bootstrapServers());
    }
}
