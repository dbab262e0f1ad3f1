package org.fleetstreams.common.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.fleetstreams.common.cli.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM.
 *
 * <p>It is the same server code as {@code kafka-server-start.sh}: the log directory is formatted with
 * {@code kafka.tools.StorageTool} and the node is run by {@code kafka.server.KafkaRaftServer}. Start-up
 * takes about two seconds. Use it in tests, benchmarks and the demo; it is not a mock.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
 *     String bootstrap = broker.bootstrapServers();   // e.g. "localhost:41234"
 * }
 * }</pre>
 *
 * <p>{@link Builder#security} starts it with SASL_SSL and ACLs instead of PLAINTEXT ({@link BrokerSecurity});
 * {@link #clientProperties()} then carries the setup admin's credentials.
 *
 * <p>{@link StandaloneBroker} runs it as a process of its own.
 *
 * <p>It lives in {@code common} because both the replayer ({@code --embedded-broker}, the demo) and
 * the app's end-to-end tests start it; {@code common} declares the broker jars optional, so only
 * modules that start a broker carry them.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final int port;
    private final BrokerSecurity security;
    private volatile boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDir, boolean deleteLogDirOnClose, int port,
                                BrokerSecurity security) {
        this.server = server;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.port = port;
        this.security = security;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Admin client settings: the bootstrap servers, and for a secured broker its TLS trust and the setup admin's
     * SCRAM login (a super user, for creating users and ACLs; never hand these to the apps).
     */
    public Properties clientProperties() {
        Properties p = security == null ? new Properties()
                : security.clientProperties(BrokerSecurity.ADMIN_USER, security.adminPassword());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** How this broker is secured; null for the plain (PLAINTEXT, no authorizer) broker. */
    public BrokerSecurity security() {
        return security;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops the broker and waits until it has stopped; deletes a temporary log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            KraftStorage.deleteRecursively(logDir);
        }
        LOG.info("Embedded Kafka broker on port {} stopped in {} ms", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Configures and starts a broker. */
    public static final class Builder {
        private int port;
        private Path logDir;
        private final Properties overrides = new Properties();
        private Duration readyTimeout = Duration.ofSeconds(60);
        private ClusterMember member;
        private BrokerSecurity security;

        private Builder() {
        }

        /**
         * Makes this node one of a KRaft cluster ({@link ClusterMember}): its node id, controller port, the quorum, a
         * shared cluster id and the replication of Kafka's internal topics. Default: a cluster of one.
         */
        public Builder member(ClusterMember member) {
            this.member = member;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            String problem = Ports.problem(port, 0);
            if (problem != null) {
                throw new IllegalArgumentException("port " + problem);
            }
            this.port = port;
            return this;
        }

        /** A log directory to keep (formatted on first use, reused after); default: a temporary one, deleted on close. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Any broker setting, e.g. {@code num.partitions}. */
        public Builder config(String key, Object value) {
            overrides.put(key, String.valueOf(value));
            return this;
        }

        /** SASL_SSL (SCRAM-SHA-512) with TLS and the StandardAuthorizer instead of PLAINTEXT without ACLs. */
        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /**
         * Formats the log directory if needed, starts the node, and returns once it serves clients. Ports this
         * builder picked itself are picked again, up to three times, when another process took one first.
         */
        public EmbeddedKafkaBroker start() {
            boolean ownPorts = port == 0 && member == null;
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce();
                } catch (PortTakenException e) {
                    if (!ownPorts || attempt == 3) {
                        throw e;
                    }
                    LOG.warn("{}; picking other ports", e.getMessage());
                }
            }
        }

        private EmbeddedKafkaBroker startOnce() {
            long startNanos = System.nanoTime();
            boolean temporary = logDir == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory("embedded-kafka-") : Files.createDirectories(logDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create broker log directory", e);
            }
            int[] free = FreePorts.take(2);
            int clientPort = port != 0 ? port : free[0];
            int controllerPort = member != null ? member.controllerPort() : free[1];
            Properties props = brokerProperties(dir, clientPort, controllerPort);
            if (member != null) {
                props.putAll(member.brokerProperties());
            }
            if (security != null) {
                props.putAll(security.brokerProperties(clientPort, controllerPort));
            }
            props.putAll(overrides);

            KraftStorage.format(dir, props, member != null ? member.clusterId() : Uuid.randomUuid().toString(),
                    security == null ? List.of() : security.formatArguments());
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                if (temporary) {
                    KraftStorage.deleteRecursively(dir);
                }
                String message = "embedded Kafka broker failed to start on port " + clientPort
                        + " (is another broker already using it?): " + e.getMessage();
                throw PortTakenException.isBindFailure(e) ? new PortTakenException(message, e)
                        : new IllegalStateException(message, e);
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, temporary, clientPort, security);
            try {
                broker.awaitReady(readyTimeout);
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            LOG.info("Embedded Kafka broker ready on {} in {} ms (log dir {})", broker.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), dir);
            return broker;
        }

        private static Properties brokerProperties(Path dir, int clientPort, int controllerPort) {
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("controller.listener.names", "CONTROLLER");
            // Bound to loopback only: a student's demo broker should not be reachable from the network.
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.toAbsolutePath().toString());
            // One node: every internal topic has one replica. Few partitions keep start-up fast.
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "4");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            return p;
        }
    }

    private void awaitReady(Duration timeout) {
        Properties conf = clientProperties();
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka broker not ready after " + timeout, e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker not ready after " + timeout);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
                }
            }
        }
    }
}
