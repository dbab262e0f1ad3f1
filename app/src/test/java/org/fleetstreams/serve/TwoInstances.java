package org.fleetstreams.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;
import static org.fleetstreams.serve.ServeCluster.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.fleetstreams.app.StreamsRunner;
import org.fleetstreams.common.FileTrees;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.Json;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.pipeline.LocalPipeline;

/**
 * {@link TwoInstanceApiTest}'s cluster: its settings and waits, the output topics read by ride, the records and partition
 * lookups of its cases, and rides picked out of fleet answers.
 */
final class TwoInstances {

    static final ObjectMapper JSON = Json.mapper();
    /**
     * Each instance keeps a standby replica of the other's stores. A closed instance's tasks move after its session
     * times out (its close does not leave the group): 6 s, the broker's minimum, instead of 45 s.
     */
    static final Map<String, String> STANDBY = Map.of("num.standby.replicas", "1",
            "consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "1500",
            // an instance that joins later (order 7) gets active tasks at once, not after warming up as a standby
            "acceptable.recovery.lag", String.valueOf(Long.MAX_VALUE));

    private TwoInstances() {
    }

    static void awaitBothRunningWithTasks(ServeCluster.Instance a, ServeCluster.Instance b) {
        await("both instances RUNNING, sharing the 4 tasks").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(List.of(a.streams().state(), b.streams().state())).as("states")
                            .containsOnly(KafkaStreams.State.RUNNING);
                    int tasksOfA = tasks(a);
                    int tasksOfB = tasks(b);
                    assertThat(tasksOfA + tasksOfB).as("active tasks: %d on A, %d on B", tasksOfA, tasksOfB)
                            .isEqualTo(4);
                    assertThat(Math.min(tasksOfA, tasksOfB)).as("the smaller share of the tasks").isPositive();
                });
    }

    private static int tasks(ServeCluster.Instance i) {
        return i.streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum();
    }

    /** Runs the pipeline's replay, closes every window once the app has caught up, waits for its commit: their time. */
    static long replayAndCloseEveryWindow(LocalPipeline pipeline, String applicationId) throws InterruptedException {
        long last = pipeline.replay().progress().stats().maxEventTime();
        long closedAt = last + ClosingRecords.LEAD.toMillis();
        pipeline.closeWindowsWhenCaughtUp(closedAt, Duration.ofSeconds(120));
        ServeCluster.awaitCommitted(pipeline, applicationId);
        return closedAt;
    }

    /** Up to 90 s for {@code c} to run with active tasks while {@code a} runs. */
    static void awaitRunningWithTasks(StreamsRunner c, ServeCluster.Instance a) {
        await("the joining instance RUNNING with tasks").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(List.of(c.streams().state(), a.streams().state())).as("states")
                            .containsOnly(KafkaStreams.State.RUNNING);
                    assertThat(c.activeTasks()).as("the joining instance's active tasks").isNotEmpty();
                });
    }

    /** {@code field} of each element of {@code array}, as text. */
    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.path(field).asText()));
        return out;
    }

    /** Whether a fleet answer is a 200 that lists {@code ride}. */
    static boolean lists(HttpResponse<String> fleet, String ride) {
        return fleet.statusCode() == 200 && fleet.body().contains("\"" + ride + "\"");
    }

    /** Each ride of a fleet answer but {@code skip}, in its order, with {@code i}'s answer for it. */
    static Map<String, JsonNode> rideAnswers(ServeCluster.Instance i, JsonNode fleet, String skip) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String ride : texts(fleet.path("rides"), "ride_id")) {
            if (!ride.equals(skip)) {
                out.put(ride, JSON.readTree(ok(i.url("/api/rides/" + ride)).body()));
            }
        }
        return out;
    }

    /** The rides of a fleet answer but {@code skip} whose owner is {@code owner} (host:port). */
    static List<String> ridesOwnedBy(JsonNode fleet, String owner, String skip) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : fleet.path("rides")) {
            String ride = row.path("ride_id").asText();
            if (!ride.equals(skip) && row.path("owner").asText().equals(owner)) {
                out.add(ride);
            }
        }
        return out;
    }

    /** The last ride of a fleet answer whose owner (host:port) is {@code owner}. */
    static String lastRideOf(JsonNode fleet, Predicate<String> owner) {
        String ride = null;
        for (JsonNode row : fleet.path("rides")) {
            if (owner.test(row.path("owner").asText())) {
                ride = row.path("ride_id").asText();
            }
        }
        return ride;
    }

    /** Every input partition of the topics {@code prefix-locations} and {@code prefix-accelerations}. */
    static Set<String> inputPartitions(String prefix, int partitions) {
        Set<String> all = new TreeSet<>();
        for (int p = 0; p < partitions; p++) {
            all.add(prefix + "-locations-" + p);
            all.add(prefix + "-accelerations-" + p);
        }
        return all;
    }

    /** The alerts in {@code topic}, by ride. */
    static Map<String, List<JsonNode>> alertsByRide(String bootstrap, String topic) throws IOException {
        Map<String, List<JsonNode>> out = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(30))) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(JSON.readTree(r.value()));
        }
        return out;
    }

    /** The windows in {@code topic}, by ride and window start; the closing records' ride left out. */
    static Map<String, Map<Long, JsonNode>> windowsByRide(String bootstrap, String topic) throws IOException {
        Map<String, Map<Long, JsonNode>> out = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.readAll(bootstrap, topic, Duration.ofSeconds(30))) {
            JsonNode s = JSON.readTree(r.value());
            out.computeIfAbsent(r.key(), k -> new TreeMap<>()).put(s.path("window_start").asLong(), s);
        }
        out.keySet().removeIf(ClosingRecords::isClosing);
        return out;
    }

    /** The number of partitions of {@code topic}. */
    static int partitionCount(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return consumer.partitionsFor(topic).size();
        }
    }

    /** The partition Kafka's Java client (murmur2) puts {@code key} in. */
    static int javaClientPartition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Partition number of {@code topic} → the host:port of the instance that owns it, from an /api/instances answer. */
    static Map<Integer, String> partitionOwners(JsonNode instances, String topic) {
        Map<Integer, String> owners = new TreeMap<>();
        for (JsonNode instance : instances.path("instances")) {
            for (JsonNode tp : instance.path("partitions")) {
                String name = tp.asText();
                if (name.startsWith(topic + "-")) {
                    owners.put(Integer.parseInt(name.substring(topic.length() + 1)),
                            instance.path("host").asText() + ":" + instance.path("port").asInt());
                }
            }
        }
        return owners;
    }

    /** Two fixes of {@code ride} 1 s apart from event time {@code from} into {@code partition} of {@code topic}. */
    static void sendTwoFixes(String bootstrap, String topic, int partition, String ride, long from) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        try (var producer = new KafkaProducer<String, byte[]>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int k = 0; k < 2; k++) {
                long t = from + 1_000L * k;
                var fix = new LocationFix(k, null, ride, null, 0, 40.7, -73.99, null, 5.0, 5.0, t);
                producer.send(new ProducerRecord<>(topic, partition, t, ride, FleetSerdes.locationFix().toBytes(fix))).get();
            }
        }
    }

    /** Closes each of {@code closeables} that is there, whatever the others do, then deletes {@code dir}. */
    static void closeAll(Path dir, AutoCloseable... closeables) {
        for (AutoCloseable c : closeables) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
        FileTrees.deleteQuietly(dir); // a temp dir
    }
}
