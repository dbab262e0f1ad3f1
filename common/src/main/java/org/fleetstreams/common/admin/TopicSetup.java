package org.fleetstreams.common.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Makes sure topics exist with one partition count, creating what is missing with settings that keep replayed
 * history ({@link TopicSettings}). The replayer uses it for the input topics (the app's join needs them
 * co-partitioned), the app for its output topics.
 */
public final class TopicSetup {

    /**
     * What {@link #ensure} did.
     *
     * @param settings the settings the created topics got: those asked for, or renamed for an older broker
     */
    public record Result(int partitions, List<String> created, List<String> notes, Map<String, String> settings) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, String> olderNames;

    public TopicSetup(Admin admin, Duration timeout) {
        this(admin, timeout, Map.of(TopicSettings.AHEAD_LIMIT, TopicSettings.OLDER_LIMIT));
    }

    /**
     * @param olderNames settings a broker may not know yet, each with its older name
     *                   ({@link TopicSettings#underOlderName})
     */
    TopicSetup(Admin admin, Duration timeout, Map<String, String> olderNames) {
        this.admin = admin;
        this.timeout = timeout;
        this.olderNames = Map.copyOf(olderNames);
    }

    /**
     * Ensures every topic in {@code topics} exists and all have the same partition count. Missing topics get the
     * existing topics' count if there are any, else {@code partitions}.
     *
     * @throws KafkaSetupException when existing topics disagree on their partition count, or Kafka fails
     */
    public Result ensure(List<String> topics, int partitions, short replicationFactor, Map<String, String> topicConfig) {
        Map<String, TopicDescription> found = descriptions(topics);
        Map<String, Integer> existing = partitionCounts(found);
        List<String> notes = new ArrayList<>();
        Map<String, Integer> replicas = new LinkedHashMap<>();
        found.forEach((name, d) -> replicas.put(name, d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size()));
        if (replicationFactor > 0 && replicas.values().stream().anyMatch(r -> r != replicationFactor)) {
            notes.add("the existing topics keep their replication " + replicas + " (--replication-factor "
                    + replicationFactor + " applies only to topics the replayer creates)");
        }
        if (existing.values().stream().distinct().count() > 1) {
            throw new KafkaSetupException("topics " + existing + " (name=partitions) have different partition counts;"
                    + " the app joins them per ride and needs the same count. Delete them or use another --topic-prefix.");
        }
        int count = existing.values().stream().findFirst().orElse(partitions);
        if (!existing.isEmpty() && count != partitions) {
            notes.add("using the existing topics' " + count + " partitions (--partitions " + partitions + " applies"
                    + " only to topics the replayer creates)");
        }
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.containsKey(topic)) {
                missing.add(new NewTopic(topic, count, replicationFactor).configs(topicConfig));
            }
        }
        List<String> created = new ArrayList<>();
        Map<String, String> settings = topicConfig;
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> futures = admin.createTopics(missing).values();
            for (NewTopic topic : missing) {
                NewTopic made = created(topic, futures.get(topic.name()), notes);
                if (made != null) {
                    created.add(made.name());
                    settings = made.configs();
                }
            }
        }
        // A created topic reaches the brokers' metadata a moment after the controller acknowledges it.
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> after = describe(topics);
        while (after.size() < topics.size() && System.nanoTime() < deadline) {
            sleep(100);
            after = describe(topics);
        }
        if (after.size() != topics.size() || after.values().stream().distinct().count() > 1) {
            throw new KafkaSetupException("topics " + after + " (name=partitions) do not all exist with one partition"
                    + " count after " + timeout.toSeconds() + " s");
        }
        if (!created.isEmpty()) {
            awaitLeaders(created, count, deadline);
        }
        return new Result(count, created, notes, settings);
    }

    /**
     * Waits until every partition of the new topics is served by its leader. A topic is visible in metadata a
     * moment before the broker has taken leadership of its partitions; an idempotent producer whose first request
     * lands in that moment can lose a batch to endless OUT_OF_ORDER_SEQUENCE_NUMBER retries (KAFKA-15591, seen in
     * this project's end-to-end test on 4.3.1; still so on 4.4.0). ListOffsets is answered only by a ready leader.
     */
    private void awaitLeaders(List<String> topics, int partitions, long deadline) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        while (true) {
            try {
                admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaSetupException("the partitions of " + topics + " have no ready leader after "
                            + timeout.toSeconds() + " s", e);
                }
                sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaSetupException("interrupted", e);
            }
        }
    }

    /**
     * The topic as created, or null when someone else created it meanwhile. A broker that does not know a setting
     * yet gets the topic again with its older name ({@link TopicSettings#underOlderName}), said in a note.
     */
    private NewTopic created(NewTopic topic, KafkaFuture<Void> future, List<String> notes) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return topic;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return null; // its partition count is verified by the caller
            }
            Optional<Map<String, String>> older = e.getCause() instanceof InvalidConfigurationException
                    ? TopicSettings.underOlderName(e.getCause().getMessage(), topic.configs(), olderNames) : Optional.empty();
            if (older.isEmpty()) {
                throw new KafkaSetupException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
            }
            String note = "the broker refused " + e.getCause().getMessage().strip() + " (an older Kafka): created the"
                    + " topics with " + older.get();
            if (!notes.contains(note)) {
                notes.add(note);
            }
            NewTopic again = new NewTopic(topic.name(), topic.numPartitions(), topic.replicationFactor())
                    .configs(older.get());
            return created(again, admin.createTopics(List.of(again)).values().get(again.name()), notes);
        } catch (TimeoutException e) {
            throw new KafkaSetupException("creating topic " + topic.name() + " did not finish within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    /** The effective configuration of a topic (explicit and default values). */
    public Map<String, String> config(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource)).all(), "describe configs of " + topic).get(resource);
        Map<String, String> out = new HashMap<>();
        config.entries().forEach(e -> {
            if (e.value() != null) {
                out.put(e.name(), e.value());
            }
        });
        return out;
    }

    /**
     * How many records of {@code topics} the consumer group {@code group} has not committed yet (end offset minus
     * committed offset, summed over partitions; a partition without a commit counts whole). For a Kafka Streams app,
     * group = application.id: 0 means it has processed and committed everything written so far.
     */
    public long groupLag(String group, List<String> topics) {
        return groupLags(group, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@link #groupLag} per partition. */
    public Map<TopicPartition, Long> groupLags(String group, List<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        describe(topics).forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        var ends = await(admin.listOffsets(latest).all(), "list offsets of " + topics);
        var committed = await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "list the offsets of group " + group);
        Map<TopicPartition, Long> lags = new HashMap<>();
        ends.forEach((tp, end) -> {
            var c = committed.get(tp);
            lags.put(tp, Math.max(0, end.offset() - (c == null ? 0 : c.offset())));
        });
        return lags;
    }

    /**
     * The newest record timestamp in {@code topics} (those that exist), or Long.MIN_VALUE when they hold none or the
     * broker cannot say (before Kafka 3.0 there is no max-timestamp lookup).
     */
    public long latestTimestamp(List<String> topics) {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        describe(topics).forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                ask.put(new TopicPartition(topic, p), OffsetSpec.maxTimestamp());
            }
        });
        try {
            long latest = await(admin.listOffsets(ask).all(), "list the newest timestamps of " + topics).values().stream()
                    .mapToLong(o -> o.timestamp()).max().orElse(-1); // -1: an empty partition
            return latest < 0 ? Long.MIN_VALUE : latest;
        } catch (KafkaSetupException e) {
            if (e.getCause() instanceof ExecutionException x
                    && x.getCause() instanceof UnsupportedVersionException) {
                return Long.MIN_VALUE;
            }
            throw e;
        }
    }

    /** Partition count of each of {@code topics} that exists. */
    public Map<String, Integer> partitions(List<String> topics) {
        return describe(topics);
    }

    private Map<String, Integer> describe(List<String> topics) {
        return partitionCounts(descriptions(topics));
    }

    private static Map<String, Integer> partitionCounts(Map<String, TopicDescription> descriptions) {
        Map<String, Integer> out = new LinkedHashMap<>();
        descriptions.forEach((name, d) -> out.put(name, d.partitions().size()));
        return out;
    }

    /** The description of each of {@code topics} that exists. */
    private Map<String, TopicDescription> descriptions(List<String> topics) {
        Map<String, TopicDescription> out = new LinkedHashMap<>();
        admin.describeTopics(topics).topicNameValues().forEach((name, future) ->
                describeOne(name, future).ifPresent(d -> out.put(name, d)));
        return out;
    }

    private Optional<TopicDescription> describeOne(String name, KafkaFuture<TopicDescription> future) {
        try {
            return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new KafkaSetupException("cannot describe topic " + name + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new KafkaSetupException("describing topic " + name + " did not finish within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaSetupException("cannot " + what + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new KafkaSetupException(what + " did not finish within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted", e);
        }
    }
}
