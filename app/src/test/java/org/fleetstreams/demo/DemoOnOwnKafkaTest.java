package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.fleetstreams.app.DriverRun;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.common.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code app.jar demo --bootstrap-servers} on a Kafka of one's own, the way a course or a reviewer with a broker of
 * their own runs it: twice on the same cluster. The second run finds the first one's topics, records and the
 * application's committed offsets there; its table must still hold exactly what the data holds, once.
 */
class DemoOnOwnKafkaTest {

    private static final Path SAMPLE = Path.of("..", "data", "sample");

    private record Run(int code, String out, String err) {
    }

    /** 79 s on the project's 2-core VM: a limit of its own, above the suite's 5 minutes for a slower machine. */
    @Test
    @Timeout(600)
    void twoRunsOnOneClusterEachTabulateEveryRideOnce() throws Exception {
        // configure: a broker the demo did not start (it must not stop it either)
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            int expectedAlerts = DriverRun.alerts(SAMPLE).size();

            Run first = demo(broker.bootstrapServers(), Path.of("target", "demo-own-kafka-1"));
            Run second = demo(broker.bootstrapServers(), Path.of("target", "demo-own-kafka-2"));

            for (Run run : List.of(first, second)) {
                assertThat(run.code()).as(run.out() + run.err()).isZero();
                assertThat(run.out()).contains("Kafka: " + broker.bootstrapServers())
                        .doesNotContain("Kafka: a real single-node broker")
                        .contains("Replay finished: 120,951 records");
                List<String> rides = run.out().lines().filter(l -> l.matches("^[0-9a-f]{32} .*")).toList();
                assertThat(rides).as(run.out()).hasSize(20)
                        .allSatisfy(row -> assertThat(row.split("\\s+")[8]).as(row).isEqualTo("6000"));
                assertThat(run.out()).contains("20 rides, ").contains(" " + expectedAlerts + " harsh-braking events");
            }
            // the second run's event times start after the first one's records, which its app has taken
            assertThat(second.out()).contains("Replay: event time starts at ")
                    .contains("after the input topics' newest record");
            assertThat(first.out()).doesNotContain("after the input topics' newest record");
            // and the cluster is still there
            try (var admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("bdd-locations", "bdd-accelerations", "bdd-joined");
            }
        }
    }

    /**
     * A second demo attached to a running one's broker (the port clash's message points there) used the same
     * application id and topics: it joined the first one's group and both runs' tables were wrong. Now it is
     * refused while the group has a member, with one line naming the option that picks other topics and id.
     */
    @Test
    @Timeout(120)
    void aDemoBesideARunningOneOnTheSameTopicsIsRefused() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of("bootstrap.servers",
                     broker.bootstrapServers(), "group.id", "fleetstreams-demo-busy"), new StringDeserializer(),
                     new StringDeserializer());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            // configure: the first demo's app, as its group sees it: a member subscribed to its inputs
            member.subscribe(List.of("busy-locations"));
            Waits.await("a member in the group").atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                member.poll(Duration.ofMillis(100));
                return !admin.describeConsumerGroups(List.of("fleetstreams-demo-busy")).all().get()
                        .get("fleetstreams-demo-busy").members().isEmpty();
            });

            Run second = demo(broker.bootstrapServers(), Path.of("target", "demo-own-kafka-busy"), "--topic-prefix", "busy");

            assertThat(second.code()).as(second.out() + second.err()).isEqualTo(2);
            assertThat(second.err().lines()).as(second.err()).singleElement().asString()
                    .startsWith("error: the consumer group fleetstreams-demo-busy on " + broker.bootstrapServers()
                            + " has 1 active member(s): another demo or app runs on the topics busy-*")
                    .contains("another --topic-prefix");
            assertThat(second.out()).doesNotContain("Warming up").doesNotContain("App: Kafka Streams");
        }
    }

    /**
     * A replay refused before it sends anything (here the replayer's refusal of a compacted input topic) is no replay
     * that "failed part-way": the replayer's error and its code, no closing records, no table of nothing.
     */
    @Test
    @Timeout(180)
    void aReplayRefusedBeforeItSendsAnythingEndsWithItsErrorAndCodeAndNoTable() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("packed-locations", 4, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("packed-accelerations", 4, (short) 1))).all().get();

            Run run = demo(broker.bootstrapServers(), Path.of("target", "demo-own-kafka-packed"), "--topic-prefix",
                    "packed");

            assertThat(run.code()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).contains("compact");
            assertThat(run.out()).contains("replay failed").doesNotContain("failed part-way")
                    .doesNotContain(" rides, ");
        }
    }

    /** The demo at full speed (no warm-up) on {@code bootstrap}, without the dashboard, with {@code more} options. */
    private static Run demo(String bootstrap, Path workDir, String... more) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new ArrayList<>(List.of("--data", SAMPLE.toString(), "--bootstrap-servers", bootstrap,
                    "--http-port", "-1", "--speed", "max", "--work-dir", workDir.toString()));
            args.addAll(List.of(more));
            int code = new CommandLine(new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                    .execute(args.toArray(String[]::new));
            return new Run(code, bytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }
}
