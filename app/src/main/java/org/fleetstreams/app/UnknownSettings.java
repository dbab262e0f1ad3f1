package org.fleetstreams.app;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.braking.BrakingConfig;
import org.fleetstreams.common.admin.TopicSettings;

/**
 * The keys of {@code --config} that no part of the app reads: not a setting of Kafka Streams, of its producer,
 * consumers or admin client (plain or with Kafka Streams' prefixes), of its internal topics ({@code topic.}), nor of
 * this project ({@code braking.}, {@code fleetstreams.}: those are checked strictly where they are read). Kafka only
 * logs them, so {@code proccessing.guarantee=at_least_once} ran exactly-once with a line in the log file. They are
 * said, not refused: a plug-in (a metrics reporter, an interceptor) may read a key of its own.
 */
final class UnknownSettings {

    private static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX, StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    private static final List<String> OPEN_PREFIXES = List.of(StreamsConfig.CLIENT_TAG_PREFIX, "config.providers.",
            "metrics.context.", "internal.");
    private static final Set<String> CLIENT_KEYS = clientKeys();
    private static final Set<String> TOPIC_KEYS = topicKeys();

    private UnknownSettings() {
    }

    /** The keys of {@code settings} nothing reads, in their order. */
    static List<String> in(Map<String, String> settings) {
        return settings.keySet().stream().filter(k -> !known(k)).sorted().toList();
    }

    static boolean known(String key) {
        if (key.startsWith(BrakingConfig.PREFIX) || key.startsWith(ProjectSettings.PREFIX)) {
            return true;
        }
        // families of keys read by name pattern: rack tags (KIP-708), config providers, the metrics context, Kafka
        // Streams' internal and test-only keys
        if (OPEN_PREFIXES.stream().anyMatch(key::startsWith) || key.startsWith("__") && key.endsWith("__")) {
            return true;
        }
        if (StreamsConfig.configDef().names().contains(key) || CLIENT_KEYS.contains(key)) {
            return true;
        }
        if (key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return TOPIC_KEYS.contains(key.substring(StreamsConfig.TOPIC_PREFIX.length()));
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return CLIENT_KEYS.contains(key.substring(prefix.length()));
            }
        }
        return false;
    }

    private static Set<String> clientKeys() {
        Set<String> keys = new HashSet<>(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return Set.copyOf(keys);
    }

    /**
     * TopicConfig's {@code *_CONFIG} names, Kafka's public list of topic settings, and the limit on timestamps under
     * its name before Kafka 3.6, which the app reads to talk to older brokers ({@link TopicSettings#OLDER_LIMIT}).
     */
    private static Set<String> topicKeys() {
        Set<String> keys = new HashSet<>(Set.of(TopicSettings.OLDER_LIMIT));
        for (Field f : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && f.getName().endsWith("_CONFIG")) {
                try {
                    keys.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.copyOf(keys);
    }
}
