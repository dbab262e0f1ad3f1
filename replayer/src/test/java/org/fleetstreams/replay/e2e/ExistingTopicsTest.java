package org.fleetstreams.replay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.replay.ReplayConfig;
import org.fleetstreams.replay.ReplayJob;
import org.fleetstreams.replay.TestData;
import org.fleetstreams.replay.WallClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the replayer does with input topics it did not create, or would create in a way that loses records: a
 * compacted topic keeps one record per key, and every record is keyed by its ride, so it is refused; the options for
 * topics it creates are said to be left unused when the topics exist.
 */
class ExistingTopicsTest {

    private static final Instant EPOCH = Instant.parse("2017-08-28T00:00:00Z");
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void anExistingCompactedTopicIsRefusedBeforeAnythingIsSent() throws Exception {
        Topics topics = Topics.withPrefix("compacted");
        create(new NewTopic(topics.locations(), 4, (short) 1).configs(Map.of("cleanup.policy", "compact,delete",
                "retention.ms", "-1")), new NewTopic(topics.accelerations(), 4, (short) 1)
                .configs(Map.of("retention.ms", "-1")));

        Run run = replay(config(topics));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.KAFKA_PROBLEM);
        assertThat(run.err).contains("error: topic compacted-locations has cleanup.policy=compact,delete",
                "--entity-name compacted-locations --add-config cleanup.policy=delete", "nothing was sent");
        assertThat(run.err).doesNotContain("topic compacted-accelerations has").doesNotContain("\tat ");
        for (String topic : topics.inputs()) {
            assertThat(TopicReader.readAll(broker.bootstrapServers(), topic, Duration.ofSeconds(30))).as(topic).isEmpty();
        }
    }

    @Test
    void topicsThatWouldBeCreatedCompactedAreRefusedBeforeTheyAre() throws Exception {
        Topics topics = Topics.withPrefix("to-compact");

        Run run = replay(config(topics).withTopicConfig(Map.of("cleanup.policy", "compact")));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.BAD_INPUT);
        assertThat(run.err).contains("error: --topic-config cleanup.policy=compact: ", "one reading per ride")
                .doesNotContain("\tat ");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(topics.inputs());
        }
    }

    @Test
    void optionsForTopicsItCreatesAreNotedAsUnusedOnExistingOnes() throws Exception {
        Topics topics = Topics.withPrefix("kept");
        create(new NewTopic(topics.locations(), 4, (short) 1).configs(Map.of("retention.ms", "-1")),
                new NewTopic(topics.accelerations(), 4, (short) 1).configs(Map.of("retention.ms", "-1")));

        Run run = replay(config(topics).withTopicLayout(4, (short) 3)
                .withTopicConfig(Map.of("retention.ms", "-1", "segment.bytes", "2000000")));

        assertThat(run.code).as(run.err).isEqualTo(ReplayJob.OK);
        assertThat(run.err).contains("note: the existing topics keep their replication {kept-locations=1,"
                + " kept-accelerations=1} (--replication-factor 3 applies only to topics the replayer creates)");
        assertThat(run.err).contains("note: the existing topics keep their own kept-locations segment.bytes=1073741824,"
                + " kept-accelerations segment.bytes=1073741824 (--topic-config applies only to topics the replayer"
                + " creates)");
        assertThat(run.err).as("a setting they have already is not named").doesNotContain("retention.ms=-1 (");
    }

    private static void create(NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(topics)).all().get();
        }
    }

    private static ReplayConfig config(Topics topics) {
        return ReplayConfig.defaults(TestData.bdd(), broker.bootstrapServers(), topics)
                .withSpeed(Double.POSITIVE_INFINITY).withEpoch(EPOCH).withProgressInterval(Duration.ZERO);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run replay(ReplayConfig config) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ReplayJob(config, new PrintWriter(out), new PrintWriter(err), WallClock.SYSTEM).run();
        return new Run(code, out.toString(), err.toString());
    }
}
