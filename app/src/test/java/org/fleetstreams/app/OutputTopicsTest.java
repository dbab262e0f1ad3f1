package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.KafkaSetupException;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Output topics an operator made beforehand (docs/operations.md says to, for a long-running fleet): their partition
 * counts are theirs, as nothing joins outputs, but a compacted one would keep one record per ride and is refused.
 */
class OutputTopicsTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void existingOutputsKeepTheirCountsAndTheMissingOnesGetTheInputs() throws Exception {
        // configure: 2-partition inputs, a dead-letter topic of 1 partition and a joined topic of 3
        create(new NewTopic("own-locations", 2, (short) 1), new NewTopic("own-accelerations", 2, (short) 1),
                new NewTopic("own-dead-letters", 1, (short) 1), new NewTopic("own-joined", 3, (short) 1));
        StringWriter said = new StringWriter();

        AppTopics.Prepared prepared = AppTopics.prepare(AppConfig.defaults(broker.bootstrapServers(),
                Topics.withPrefix("own")), Duration.ofSeconds(30), new PrintWriter(said, true));

        assertThat(prepared.partitions()).isEqualTo(2);
        assertThat(partitions("own-dead-letters", "own-joined", "own-car-summaries", "own-harsh-braking"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("own-dead-letters", 1, "own-joined", 3,
                        "own-car-summaries", 2, "own-harsh-braking", 2));
        assertThat(said.toString()).contains("Created output topics [own-car-summaries, own-harsh-braking] with 2"
                + " partitions").doesNotContain("--partitions");
    }

    @Test
    void aCompactedOutputIsRefusedWithTheFix() throws Exception {
        create(new NewTopic("kept-locations", 2, (short) 1), new NewTopic("kept-accelerations", 2, (short) 1),
                new NewTopic("kept-car-summaries", 2, (short) 1).configs(Map.of("cleanup.policy", "compact")));

        Throwable refused = catchThrowable(() -> AppTopics.prepare(AppConfig.defaults(broker.bootstrapServers(),
                Topics.withPrefix("kept")), Duration.ofSeconds(30), new PrintWriter(new StringWriter(), true)));

        assertThat(refused).isInstanceOf(KafkaSetupException.class).hasMessageContaining(
                "output topic kept-car-summaries is compacted").hasMessageContaining("cleanup.policy=delete");
        assertThat(partitions("kept-joined")).as("nothing created").isEmpty();
    }

    private static void create(NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(topics)).all().get();
        }
    }

    private static Map<String, Integer> partitions(String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<String> existing = admin.listTopics().names().get().stream().filter(List.of(topics)::contains).toList();
            Map<String, TopicDescription> found = admin.describeTopics(existing).allTopicNames().get();
            return found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    e -> e.getValue().partitions().size()));
        }
    }
}
