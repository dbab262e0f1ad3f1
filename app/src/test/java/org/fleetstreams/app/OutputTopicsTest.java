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
 * counts are theirs, as nothing joins outputs, but a compacted one would keep one record per ride and is refused, and
 * one that deletes records by their event times after a finite retention is noted.
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

    /**
     * An output topic an admin made with the broker's default retention (7 days, by the records' own timestamps)
     * deletes a replay's output of old data at the next retention check once a segment rolls: the app stamps its
     * outputs with event time, years old with an --epoch in 2017. Before, only compaction and the limit ahead of the
     * wall clock were looked at, and such output was lost without a word; now a note names the topic and the fix.
     * None for an unlimited retention, nor where the broker stamps records itself.
     */
    @Test
    void anOutputThatDeletesByCreateTimeAfterAFiniteRetentionIsNamedWithTheFix() throws Exception {
        // configure: every limit ahead of the wall clock lifted, so that only retention can bring a note
        String unlimited = String.valueOf(Long.MAX_VALUE);
        create(new NewTopic("aged-locations", 2, (short) 1), new NewTopic("aged-accelerations", 2, (short) 1),
                new NewTopic("aged-joined", 2, (short) 1).configs(Map.of("retention.ms", "604800000",
                        "message.timestamp.after.max.ms", unlimited)),
                new NewTopic("aged-car-summaries", 2, (short) 1).configs(Map.of("retention.ms", "-1",
                        "message.timestamp.after.max.ms", unlimited)),
                // retention by the time the broker appended each record: a replay's event times do not count
                new NewTopic("aged-dead-letters", 2, (short) 1).configs(Map.of("retention.ms", "604800000",
                        "message.timestamp.type", "LogAppendTime")));
        StringWriter said = new StringWriter();

        AppTopics.prepare(AppConfig.defaults(broker.bootstrapServers(), Topics.withPrefix("aged")),
                Duration.ofSeconds(30), new PrintWriter(said, true));

        assertThat(said.toString().lines().filter(l -> l.startsWith("note: "))).containsExactly("note: output topic"
                + " aged-joined deletes records by their own timestamps (message.timestamp.type=CreateTime) once older"
                + " than retention.ms=604800000; the app stamps its outputs with event time, and a replay of old data"
                + " (an --epoch in the past) would lose committed output at the broker's next retention check once a"
                + " segment rolls: kafka-configs.sh --alter --entity-type topics --entity-name aged-joined --add-config"
                + " retention.ms=-1 (or message.timestamp.type=LogAppendTime); with live timestamps a finite retention"
                + " is fine");
        // the missing one the app created itself, unlimited (retention.ms=-1)
        assertThat(said.toString()).contains("Created output topics [aged-harsh-braking]");
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
