package org.fleetstreams.common.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * Opens an {@link Admin} with the client settings of a producer or Kafka Streams config and proves the cluster answers.
 */
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

    /** A setting for the admin client alone, over the plain one (Kafka Streams' {@code ADMIN_CLIENT_PREFIX}). */
    private static final String ADMIN_PREFIX = "admin.";

    /** {@code config.providers.<name>.class} and {@code config.providers.<name>.param.*}: a provider's own settings. */
    private static final String PROVIDER_SETTINGS = AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".";

    private KafkaConnection() {
    }

    /**
     * An Admin client for the cluster in {@code clientConfig} (its settings as {@link #adminConfig} picks them), after
     * checking within {@code timeout} that the cluster answers. {@code timeout} bounds every call of this admin client
     * ({@code default.api.timeout.ms}, {@code request.timeout.ms}), over any value the config gives.
     *
     * @throws KafkaSetupException naming the bootstrap servers when it does not answer in time
     */
    public static Admin connect(Properties clientConfig, Duration timeout) {
        Map<String, Object> adminConfig = adminConfig(clientConfig);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        String servers = String.valueOf(adminConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
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
            // A wrong password or an untrusted certificate also ends here; say so rather than "is it running?", naming
            // the admin client's login (admin.sasl.jaas.config's where the config gives one).
            Optional<String> denied = AccessErrors.describe(e, adminConfig);
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

    /**
     * The admin client's settings in a producer's or a Kafka Streams app's config, read as Kafka Streams reads its
     * own admin client's ({@code StreamsConfig.getAdminConfigs}): every admin client setting, {@code config.providers}
     * with every {@code config.providers.*} key (a provider's class and parameters, which
     * {@link AdminClientConfig#configNames()} does not list), then every {@code admin.}-prefixed key, without its
     * prefix, over the plain one. Before, only the listed names were kept: the admin client got
     * {@code config.providers=file} without the provider's class, read {@code sasl.jaas.config=${file:/path:jaas}}
     * literally and failed in the JAAS parser, and an {@code admin.} setting (another login, its own TLS key) was
     * dropped, while Kafka Streams' own clients used both.
     *
     * <p>Not {@code new StreamsConfig(config).getAdminConfigs(id)} itself: the replayer, a plain producer, connects
     * here too, and this module does not depend on Kafka Streams. The difference: Kafka Streams also hands its admin
     * client the keys no Kafka client knows (a plug-in's own settings); left out here, as before, so that the
     * producer's and Kafka Streams' own keys stay out of the admin client. An {@code admin.} key in the replayer's
     * file is read the same way (its producer ignores it).
     *
     * @return a new map: the values as given, a {@code ${provider:path:key}} unresolved (the admin client resolves it)
     */
    public static Map<String, Object> adminConfig(Map<?, ?> clientConfig) {
        Map<String, Object> admin = new HashMap<>();
        Map<String, Object> prefixed = new HashMap<>();
        for (Map.Entry<?, ?> e : clientConfig.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.startsWith(ADMIN_PREFIX)) {
                prefixed.put(key.substring(ADMIN_PREFIX.length()), e.getValue());
            } else if (AdminClientConfig.configNames().contains(key) || key.startsWith(PROVIDER_SETTINGS)) {
                admin.put(key, e.getValue());
            }
        }
        admin.putAll(prefixed); // admin.X wins over X, whichever comes first in the config
        return admin;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
