package org.fleetstreams.common.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidConfigurationException;

/**
 * Which topic settings the brokers know, asked with a topic creation that only validates: nothing is created, and the
 * client needs no more than the CREATE it has for the probe's name. For a client that may not read a topic's settings
 * ({@link TopicSetup#config}, the DESCRIBE_CONFIGS the app's least-privilege ACLs leave out).
 */
public final class SettingProbe {

    private final Admin admin;
    private final Duration timeout;

    public SettingProbe(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Whether the brokers know the topic setting {@code name}: true unless they refuse it as unknown (a broker before
     * Kafka 3.6 so refuses {@link TopicSettings#AHEAD_LIMIT}, Kafka 4 {@link TopicSettings#OLDER_LIMIT}). Where they
     * cannot say (no CREATE, the name taken, no answer), true: a topic that names the setting is then refused with the
     * broker's own reason.
     */
    public boolean knows(String name, String probeTopic) {
        NewTopic probe = new NewTopic(probeTopic, 1, (short) -1).configs(Map.of(name, String.valueOf(Long.MAX_VALUE)));
        try {
            admin.createTopics(List.of(probe), new CreateTopicsOptions().validateOnly(true)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return !(e.getCause() instanceof InvalidConfigurationException
                    && TopicSettings.refusedAsUnknown(e.getCause().getMessage(), name));
        } catch (TimeoutException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    /** {@link TopicSettings#limitNames}, asked of the brokers with {@code probeTopic}'s name. */
    public List<String> limitNames(String probeTopic) {
        return TopicSettings.limitNames(name -> knows(name, probeTopic));
    }
}
