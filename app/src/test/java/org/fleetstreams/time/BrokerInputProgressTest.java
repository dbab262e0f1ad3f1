package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.common.testing.Waits.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the merge asks the broker (through {@link InputProgress}) before it passes over a silent input: has this task
 * read everything of that partition? Two cases where the partition has nothing to read and no group ever committed
 * there, so the answer must come from the broker's own offsets: a partition whose records were all deleted, and a
 * partition added after the answers began. Either one answered "not read" for ever, and what waited for it was held
 * for ever.
 */
class BrokerInputProgressTest {

    /** How long an answer may take to change: the answers come from a look every 200 ms. */
    private static final Duration ANSWERED = Duration.ofSeconds(15);

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        broker.close();
    }

    @Test
    void aPartitionWhoseRecordsWereAllDeletedIsReadToItsEnd() throws Exception {
        // configure: three records, then all of them deleted (as retention or kafka-delete-records does)
        admin.createTopics(List.of(new NewTopic("gone", 1, (short) 1))).all().get();
        send("gone", 0, 3);
        admin.deleteRecords(Map.of(new TopicPartition("gone", 0), RecordsToDelete.beforeOffset(3))).all().get();

        // verify: a task that took nothing from it (next offset -1) has read everything there is
        try (InputProgress progress = progress("gone-app", List.of("gone"))) {
            await("gone-0 read to its end").atMost(ANSWERED).until(() -> progress.caughtUp("gone", 0, -1));
        }
    }

    @Test
    void aPartitionAddedAfterTheAnswersBeganIsAnsweredToo() throws Exception {
        // configure: one partition, answers running, then a second, empty partition
        admin.createTopics(List.of(new NewTopic("grown", 1, (short) 1))).all().get();
        try (InputProgress progress = progress("grown-app", List.of("grown"))) {
            await("grown-0 read to its end").atMost(ANSWERED).until(() -> progress.caughtUp("grown", 0, -1));
            admin.createPartitions(Map.of("grown", NewPartitions.increaseTo(2))).all().get();

            // verify: the new, empty partition is read to its end; one with a record the task has not taken is not
            await("grown-1 read to its end").atMost(ANSWERED).until(() -> progress.caughtUp("grown", 1, -1));
            send("grown", 1, 1);
            await("grown-1 not read to its end").atMost(ANSWERED).until(() -> !progress.caughtUp("grown", 1, -1));
        }
    }

    @Test
    void onceTheLookupsStopWorkingNoInputIsReadToItsEnd() throws Exception {
        // configure: a broker of its own, a partition read to its end
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.builder().start();
                Admin ownAdmin = Admin.create(Map.of("bootstrap.servers", own.bootstrapServers()))) {
            ownAdmin.createTopics(List.of(new NewTopic("lost", 1, (short) 1))).all().get();
            try (InputProgress progress = InputProgress.forTask(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
                    own.bootstrapServers(), StreamsConfig.APPLICATION_ID_CONFIG, "lost-app"), List.of("lost"))) {
                await("lost-0 read to its end").atMost(ANSWERED).until(() -> progress.caughtUp("lost", 0, -1));

                // the broker goes away (as a partition's leader does before a new one is elected)
                own.close();

                // verify: the last good look stops vouching (it did for ever), after the stale time
                await("lost-0 not read to its end").atMost(ANSWERED).until(() -> !progress.caughtUp("lost", 0, -1));
            }
        }
    }

    /**
     * One partition the broker cannot answer for (its leader gone, the admin client waiting for a new one) costs only
     * that partition its answers: one look for all failed whole, and with it the idle and stop rules of every task of
     * the instance, not only of the task that reads it.
     */
    @Test
    void aPartitionTheBrokerCannotAnswerForStopsOnlyItsOwnAnswers() throws Exception {
        admin.createTopics(List.of(new NewTopic("split", 2, (short) 1))).all().get();
        TopicPartition lost = new TopicPartition("split", 1);
        Admin real = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        Admin leaderless = (Admin) Proxy.newProxyInstance(Admin.class.getClassLoader(), new Class<?>[] {Admin.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("listOffsets")) { // the lost partition's answer never comes
                        @SuppressWarnings("unchecked")
                        Map<TopicPartition, OffsetSpec> asked = new HashMap<>((Map<TopicPartition, OffsetSpec>) args[0]);
                        boolean askedLost = asked.remove(lost) != null;
                        ListOffsetsResult answered = args.length == 1 ? real.listOffsets(asked)
                                : real.listOffsets(asked, (ListOffsetsOptions) args[1]);
                        Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
                        asked.keySet().forEach(tp -> futures.put(tp, answered.partitionResult(tp)));
                        if (askedLost) {
                            futures.put(lost, new KafkaFutureImpl<>());
                        }
                        return new ListOffsetsResult(futures);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try (InputProgress progress = BrokerInputProgress.over(leaderless, "split-app", List.of("split"))) {
            await("split-0 read to its end").atMost(ANSWERED).until(() -> progress.caughtUp("split", 0, -1));

            // past the stale time, split-0 is still answered and vouched for; split-1 never is
            Thread.sleep(BrokerInputProgress.STALE_MS + 1_000);
            assertThat(progress.caughtUp("split", 0, -1)).isTrue();
            assertThat(progress.lookedAt("split", 0)).isGreaterThan(System.currentTimeMillis() - 2_000);
            assertThat(progress.caughtUp("split", 1, -1)).isFalse();
            assertThat(progress.lookedAt("split", 1)).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aLookVouchesForTenPollsAfterItFinished() {
        long finished = 5_000_000_000L;
        long stale = BrokerInputProgress.STALE_MS * 1_000_000L;
        assertThat(BrokerInputProgress.stale(finished, finished + stale)).isFalse();
        assertThat(BrokerInputProgress.stale(finished, finished + stale + 1)).isTrue();
    }

    /**
     * The watcher's admin client reads the app's settings as the start-up one does: an {@code admin.} setting wins
     * over the plain one whichever comes first, and a config provider keeps its class. Before, the prefix was stripped
     * while walking the map, so the plain {@code security.protocol} after its {@code admin.} one won here, and
     * {@code config.providers.file.class} was dropped, which left a {@code ${file:...}} value unreadable.
     */
    @Test
    void theWatchersAdminClientTakesAdminSettingsOverPlainOnesAndKeepsConfigProviders() {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("admin.security.protocol", "SASL_SSL");
        app.put("security.protocol", "SSL");
        app.put("config.providers", "file");
        app.put("config.providers.file.class", FileConfigProvider.class.getName());
        app.put(StreamsConfig.APPLICATION_ID_CONFIG, "watched-app");
        app.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9093");
        app.put("admin.request.timeout.ms", "60000");
        app.put("client.id", "fleet");
        app.put("linger.ms", "20"); // the producer's
        app.put("sasl.jaas.config", null); // a default Kafka Streams hands its tasks as null

        Map<String, Object> conf = BrokerInputProgress.adminConfig(app, "watched-app");

        assertThat(conf).containsEntry("security.protocol", "SASL_SSL").containsEntry("config.providers", "file")
                .containsEntry("config.providers.file.class", FileConfigProvider.class.getName())
                .containsEntry("bootstrap.servers", "broker:9093")
                // the watcher's own name and timeouts, as before
                .containsEntry("client.id", "watched-app-input-progress")
                .containsEntry("request.timeout.ms", 5_000).containsEntry("default.api.timeout.ms", 5_000)
                .doesNotContainKeys("application.id", "linger.ms", "sasl.jaas.config", "admin.security.protocol");
    }

    private static InputProgress progress(String applicationId, List<String> topics) {
        return InputProgress.forTask(Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                StreamsConfig.APPLICATION_ID_CONFIG, applicationId), topics);
    }

    private static void send(String topic, int partition, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition, "k", "v" + i)).get();
            }
        }
    }
}
