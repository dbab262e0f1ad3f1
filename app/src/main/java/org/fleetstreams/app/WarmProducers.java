package org.fleetstreams.app;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' clients, as its default supplier makes them, with one addition: {@link #warm} has each producer
 * learn the partitions of every topic it will write, and of the inputs whose offsets it commits, before the first
 * record needs them.
 *
 * <p>A producer learns a topic's partitions at its first send to it, and the send waits for them on the stream
 * thread; so does the first {@code sendOffsetsToTransaction} for the input topics. A JFR of the demo at 10x showed
 * the two stream threads waiting so, one topic after another, about half a second in all within the live replay's
 * first one and a half seconds (outputs, changelogs, inputs), which is 5 s of event time at 10x: the first seconds
 * of every live replay were its worst. Asked for once the group has created the changelogs (RUNNING), before the
 * replay starts, the same lookups cost nothing anyone waits for.
 */
final class WarmProducers implements KafkaClientSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(WarmProducers.class);

    private final List<Producer<byte[], byte[]>> producers = new CopyOnWriteArrayList<>();
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer;
    private volatile Admin admin;
    /** Set once {@link #warm} has run: producers made after it are not kept. */
    private volatile boolean done;

    WarmProducers() {
        this(config -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** @param newProducer how a producer is made (a test's records what it is asked) */
    WarmProducers(Function<Map<String, Object>, Producer<byte[], byte[]>> newProducer) {
        this.newProducer = newProducer;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        Admin created = Admin.create(config);
        admin = created;
        return created;
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = newProducer.apply(config);
        if (!done) {
            producers.add(producer);
        }
        return producer;
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    /**
     * Has every producer handed out so far look up the topology's topics that exist: its sources and sinks, and the
     * changelogs of its stores. Only topics the broker lists are asked for, since a producer's lookup of a missing
     * topic waits up to {@code max.block.ms} (and may create it, on a broker that creates topics on use). Best effort:
     * a lookup that fails, or one not reached before {@code timeout}, leaves that producer to find the topic at its
     * first send, as without this. Once done the producers are no longer kept (one replaced after a fencing is not
     * warmed: it is one of the rare ones, and its old one would be kept for nothing).
     */
    void warm(TopologyDescription topology, String applicationId, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            Admin a = admin;
            if (a == null) {
                return;
            }
            Set<String> topics;
            try {
                topics = existing(topology, applicationId, a.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                LOG.debug("could not list the topics to warm the producers up", e);
                return;
            }
            if (lookUp(topics, deadline)) {
                LOG.info("{} producers looked up {} topics in {} ms", producers.size(), topics.size(),
                        (System.nanoTime() - start) / 1_000_000);
            } else {
                LOG.info("producers' topic lookups stopped at the deadline ({} producers, {} topics)", producers.size(),
                        topics.size());
            }
        } finally {
            done = true;
            producers.clear();
        }
    }

    /** Each kept producer asks for the partitions of each of {@code topics}; false when {@code deadline} came first. */
    boolean lookUp(Set<String> topics, long deadlineNanos) {
        for (Producer<byte[], byte[]> producer : producers) {
            for (String topic : topics) {
                if (System.nanoTime() > deadlineNanos) {
                    return false;
                }
                try {
                    producer.partitionsFor(topic);
                } catch (RuntimeException e) {
                    LOG.debug("no metadata for {} yet", topic, e); // closed, refused, or gone: the first send asks again
                }
            }
        }
        return true;
    }

    /**
     * Of the broker's topics {@code listed}, those the topology reads or writes (a sink with a topic chooser names
     * none) and the changelogs of its stores ({@code <application.id>-<store>-changelog}).
     */
    static Set<String> existing(TopologyDescription topology, String applicationId, Collection<String> listed) {
        Set<String> wanted = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    wanted.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    wanted.add(sink.topic());
                } else if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> wanted.add(applicationId + "-" + store + "-changelog"));
                }
            }
        }
        wanted.retainAll(new HashSet<>(listed));
        return wanted;
    }
}
