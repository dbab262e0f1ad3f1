package org.fleetstreams.serve;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.fleetstreams.overview.RideOverview;

/**
 * Where the application's state is, as Kafka Streams' metadata says (the role of the {@code MetadataService} in
 * Confluent's interactive-queries examples): every instance with its partitions, the other instances to ask, the
 * owner of a ride, and every input partition an answer must cover. The REST side asks only this class, so "who has
 * what" is read one way.
 */
final class MetadataService {

    private final KafkaStreams streams;
    private final HostInfo self;
    /** The input partitions seen in the group's assignments so far ({@link #knownPartitions()}). */
    private final SortedSet<Integer> known = new TreeSet<>();

    /** @param inputPartitions the inputs' partition count, each of which an answer must cover (0: as the metadata shows) */
    MetadataService(KafkaStreams streams, HostInfo self, int inputPartitions) {
        this.streams = streams;
        this.self = self;
        for (int p = 0; p < inputPartitions; p++) {
            known.add(p);
        }
    }

    HostInfo self() {
        return self;
    }

    /** Every instance of the application, this one included ({@code application.server} of each). */
    List<StreamsMetadata> instances() {
        return List.copyOf(streams.metadataForAllStreamsClients());
    }

    /** Every other instance of the application, as Kafka Streams' metadata names them ({@code application.server}). */
    List<HostInfo> others() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self)).distinct().toList();
    }

    /** The other instances, or none while Kafka Streams has no metadata (not started, stopped). */
    List<HostInfo> othersIfKnown() {
        try {
            return others();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * Where the ride's key hashes to, its active instance and its standbys; {@link Unavailable} while no owner is
     * known (a rebalance). An owner Kafka Streams cannot name comes with a negative port ({@link #servesHttp}): no
     * instance with an {@code application.server} holds the partition, because it moves in a rebalance or its owner
     * was started without {@code --http-port}.
     */
    KeyQueryMetadata ride(String ride) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(RideOverview.STORE, ride, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null) {
            throw new Unavailable("the owner of ride " + ride + " is not known right now (rebalancing)");
        }
        return meta;
    }

    /** Whether the instance can be asked: Kafka Streams gives port -1 for one without {@code application.server}. */
    static boolean servesHttp(HostInfo host) {
        return host.port() >= 0;
    }

    /**
     * The input partitions ({@link #knownPartitions()}) that none of {@code answering} holds as active, as the metadata
     * says: their records are in no answering instance's figures. Null while there is no metadata (not started,
     * stopped). An instance without {@code application.server} (no {@code --http-port}) is in no metadata, so this is
     * the only trace of it: its partitions are here, and it cannot be named.
     */
    SortedSet<Integer> partitionsNotHeldBy(Collection<HostInfo> answering) {
        try {
            Map<HostInfo, Set<TopicPartition>> held = new HashMap<>();
            streams.metadataForAllStreamsClients().forEach(m -> held.put(m.hostInfo(), m.topicPartitions()));
            return notHeldBy(knownPartitions(), held, answering);
        } catch (RuntimeException e) {
            return null; // no metadata now: unknown, not "none"
        }
    }

    /** The partitions of {@code all} that no instance of {@code answering} holds ({@code held}: by instance). */
    static SortedSet<Integer> notHeldBy(Set<Integer> all, Map<HostInfo, Set<TopicPartition>> held,
                                        Collection<HostInfo> answering) {
        SortedSet<Integer> missing = new TreeSet<>(all);
        for (HostInfo host : answering) {
            held.getOrDefault(host, Set.of()).forEach(tp -> missing.remove(tp.partition()));
        }
        return missing;
    }

    /**
     * Every input partition this application has had, as the group's assignments showed them: an answer must cover
     * all of them. Kept, not read afresh, because while a partition moves it is in no instance's assignment.
     */
    SortedSet<Integer> knownPartitions() {
        synchronized (known) {
            for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
                m.topicPartitions().forEach(tp -> known.add(tp.partition()));
            }
            return new TreeSet<>(known);
        }
    }
}
