package org.fleetstreams.common.admin;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** Opens an {@link Admin} with the client settings of a producer config and proves the cluster answers. */
public final class KafkaConnection {

    /**
     * How long every tool waits for Kafka to answer by default ({@code --connect-timeout} of the replayer and the app,
     * the demo's own pipeline): long enough for a broker that is still starting, short enough to name a wrong address
     * before the user gives up.
     */
    public static final int DEFAULT_TIMEOUT_S = 15;

    /** Kafka's own port, where the tools look for a broker and start theirs unless told otherwise. */
    public static final int DEFAULT_PORT = 9092;

    /** Where the replayer and the app look for Kafka unless told otherwise: a broker on this machine. */
    public static final String DEFAULT_BOOTSTRAP = "localhost:" + DEFAULT_PORT;

    private KafkaConnection() {
    }

    /**
     * An Admin client for the cluster in {@code clientConfig} (security settings included; producer-only keys are
     * left out), after checking within {@code timeout} that the cluster answers.
     *
     * @throws KafkaSetupException naming the bootstrap servers when it does not answer in time
     */
    public static Admin connect(Properties clientConfig, Duration timeout) {
        Properties adminConfig = new Properties();
        for (Map.Entry<Object, Object> e : clientConfig.entrySet()) {
            if (AdminClientConfig.configNames().contains(String.valueOf(e.getKey()))) {
                adminConfig.put(e.getKey(), e.getValue());
            }
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        String servers = String.valueOf(clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Admin admin;
        try {
            admin = Admin.create(adminConfig);
        } catch (KafkaException e) {
            throw new KafkaSetupException("cannot connect to Kafka at " + servers + ": " + rootMessage(e), e);
        }
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return admin;
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO);
            // A wrong password or an untrusted certificate also ends here; say so rather than "is it running?".
            Optional<String> denied = AccessErrors.describe(e, clientConfig);
            if (denied.isPresent()) {
                throw new KafkaSetupException(denied.get() + " (at " + servers + ")", e);
            }
            throw new KafkaSetupException("cannot reach Kafka at " + servers + " within " + timeout.toSeconds()
                    + " s. Is a broker running there?", e);
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while connecting to " + servers, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
