package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.Topics;
import org.fleetstreams.common.admin.TopicReader;
import org.fleetstreams.common.broker.EmbeddedKafkaBroker;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dead letters under exactly-once, with the instance killed around them: bursts of bad records between valid ones,
 * the app process SIGKILLed after each burst (at once, as soon as a transaction holding dead letters is open, after
 * 1 s), restarted on its state directory. Every bad record's source (topic, partition, offset headers) must be in the
 * dead-letter topic exactly once (read_committed), none missing, and nothing else.
 *
 * <p>A kill tests the guarantee only when it aborts dead letters already written: one before the app read its burst,
 * or after the commit, would pass under at-least-once too. So the second kill waits until the dead-letter topic's last
 * stable offset is below its high watermark (an open transaction has written dead letters), and the test requires that
 * some kill left such a transaction behind, read 1 s after the kill (a commit under way has finished by then) and
 * before the restart (a review found the earlier guard, "fewer dead letters committed than sent", also held when the
 * app had not yet read the burst). It prints, at each kill, how many dead letters were committed and whether one was open.
 *
 * <p>One broker in this JVM, the app as its own process (the project's {@code FleetApp} main); the time goes into the
 * app's starts.
 */
class DeadLetterKillsTest {

    private static final long EPOCH = FaultRig.EPOCH;
    private static final long AT_ONCE = 0;
    /** Not a delay: kill as soon as a transaction holding dead letters is open. */
    private static final long ON_OPEN_TRANSACTION = -1;
    private static final long[] KILLS = {AT_ONCE, ON_OPEN_TRANSACTION, 1_000};
    /** Bursts for the open-transaction kill: one whose transaction committed between the look and the kill is retried. */
    private static final int OPEN_ATTEMPTS = 3;
    /** How long the open-transaction kill looks for one before it kills anyway. */
    private static final Duration OPEN_WAIT = Duration.ofSeconds(10);
    /** Below Kafka Streams' transaction timeout under exactly-once (10 s), above a commit's marker writes. */
    private static final Duration COMMIT_SETTLES = Duration.ofSeconds(1);
    private static final int BAD_PER_INPUT = 20;
    private static final Duration RUNNING = Duration.ofSeconds(60);

    private final Topics topics = Topics.withPrefix("dlkill");
    private final String applicationId = "dlkill-app";
    private final List<String> badSources = new ArrayList<>();
    private final List<AtKill> atKills = new ArrayList<>();
    private ChildJvm app;
    private int bursts;

    @Test
    @Timeout(480) // its steps may each wait up to 60 s; 31 s on a quiet machine
    void eachBadRecordIsDeadLetteredExactlyOnceThoughTheAppIsKilledAroundIt() throws Exception {
        Path dir = FaultRig.runDir("dead-letter-kills");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            // configure + create topics: both inputs, 2 partitions; the app in a process of its own
            String bootstrap = broker.bootstrapServers();
            FaultRig.createInputs(bootstrap, topics, 2, (short) 1);
            // A killed member stays in the group until its session times out (45 s by default), and the restarted
            // one waits for that rebalance; 6 s (the broker's minimum) keeps the starts within the test's bound.
            Files.writeString(dir.resolve("app.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
            try {
                app = startApp(bootstrap, dir);
                app.awaitLog("-> RUNNING", RUNNING);

                // pipe input: a burst, then SIGKILL, restart; each kill at another moment
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                        "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer())) {
                    for (long kill : KILLS) {
                        burstAndKill(producer, admin, kill, bootstrap, dir);
                        for (int retry = 1; kill == ON_OPEN_TRANSACTION && !atKills.get(atKills.size() - 1).open()
                                && retry < OPEN_ATTEMPTS; retry++) {
                            burstAndKill(producer, admin, kill, bootstrap, dir);
                        }
                    }
                }
                Settled.await(bootstrap, applicationId, topics, Duration.ofMinutes(1));
                app.stop(Duration.ofSeconds(20));
            } finally {
                if (app != null) {
                    app.close();
                }
            }

            // verify: each bad record's source once, nothing missing, nothing else
            List<String> found = deadLetterSources(bootstrap);
            System.out.println(atKills + "\nafter the restarts: " + found.size() + " dead letters for "
                    + badSources.size() + " bad records");
            assertThat(found).containsExactlyInAnyOrderElementsOf(badSources);
            assertThat(atKills).as("some kill left dead letters in an open transaction (else every kill came before "
                    + "the app read its burst or after it committed, and at-least-once would pass too)")
                    .anySatisfy(kill -> assertThat(kill.open()).isTrue());
        }
    }

    private void burstAndKill(KafkaProducer<String, byte[]> producer, Admin admin, long kill, String bootstrap, Path dir)
            throws Exception {
        badSources.addAll(burst(producer, bursts++));
        if (kill == ON_OPEN_TRANSACTION) {
            // a transaction whose dead letters were written and committed between two looks is missed: the kill
            // then comes anyway, finds nothing open, and the caller sends another burst
            long deadline = System.nanoTime() + OPEN_WAIT.toNanos();
            while (!openDeadLetters(admin) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        } else {
            Thread.sleep(kill);
        }
        app.kill();
        // A commit already under way (its EndTxn answered, its markers not yet written) shows as open for a moment and
        // still commits; a dead producer's open transaction stays open until its timeout (10 s) or the restarted
        // instance aborts it. So look once the first has had time to finish, before the restart.
        Thread.sleep(COMMIT_SETTLES.toMillis());
        boolean open = openDeadLetters(admin);
        atKills.add(new AtKill(kill == ON_OPEN_TRANSACTION ? "as soon as a transaction holding dead letters was open"
                : kill + " ms after a burst", deadLetterSources(bootstrap).size(), badSources.size(), open));
        app = startApp(bootstrap, dir);
        app.awaitLog("-> RUNNING", RUNNING);
    }

    /**
     * Whether a transaction that wrote dead letters is still open: some dead-letter partition's last stable offset
     * (what read_committed may read up to) below its high watermark. Read high watermarks first: a transaction that
     * starts between the two reads cannot make the answer yes.
     */
    private boolean openDeadLetters(Admin admin) throws Exception {
        String topic = topics.deadLetters();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> high =
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable =
                admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
        return latest.keySet().stream().anyMatch(tp -> stable.get(tp).offset() < high.get(tp).offset());
    }

    /**
     * One burst: per input {@value #BAD_PER_INPUT} bad records (not JSON, or JSON without a ride), each between valid
     * readings of one ride in event-time order. Returns the bad records' sources as the dead-letter headers name them.
     */
    private List<String> burst(KafkaProducer<String, byte[]> producer, int round) throws Exception {
        List<Future<RecordMetadata>> bad = new ArrayList<>();
        String ride = "ride-" + round;
        for (int i = 0; i < BAD_PER_INPUT; i++) {
            long time = EPOCH + round * 60_000L + i * 500L;
            double offset = (time - EPOCH) / 1000.0;
            bad.add(producer.send(new ProducerRecord<>(topics.locations(), null, time, "bad-" + round + "-" + i,
                    ("{\"offset\": " + offset + ", \"speed\": \"fast\"").getBytes(StandardCharsets.UTF_8))));
            producer.send(new ProducerRecord<>(topics.locations(), null, time, ride, FleetSerdes.locationFix().toBytes(
                    new LocationFix(offset, null, ride, ride, 90, 40.76, -73.96, "dr5ru", 10, 5, time))));
            bad.add(producer.send(new ProducerRecord<>(topics.accelerations(), null, time, "bad-" + round + "-" + i,
                    ("{\"offset\": " + offset + ", \"x\": 0.1, \"z\": -1.0}").getBytes(StandardCharsets.UTF_8))));
            for (int k = 0; k < 5; k++) {
                long t = time + k * 100L;
                producer.send(new ProducerRecord<>(topics.accelerations(), null, t, ride,
                        FleetSerdes.accelerationSample().toBytes(new AccelerationSample((t - EPOCH) / 1000.0, null, ride,
                                ride, -0.02, 0.05, -1.0, t))));
            }
        }
        producer.flush();
        List<String> sources = new ArrayList<>();
        for (Future<RecordMetadata> f : bad) {
            RecordMetadata m = f.get();
            sources.add(m.topic() + "-" + m.partition() + "@" + m.offset());
        }
        return sources;
    }

    private ChildJvm startApp(String bootstrap, Path dir) {
        return FaultRig.startApp(bootstrap, topics, dir, "--application-id", applicationId,
                "--config", dir.resolve("app.properties").toString());
    }

    /** The source (topic-partition@offset) each committed dead letter names. */
    private List<String> deadLetterSources(String bootstrap) {
        List<String> sources = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> d : TopicReader.readAll(bootstrap, topics.deadLetters(), Duration.ofSeconds(30))) {
            sources.add(ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.TOPIC)) + "-"
                    + ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.PARTITION)) + "@"
                    + ReferenceRun.header(d.headers().lastHeader(DeadLetterHeaders.OFFSET)));
        }
        return sources;
    }

    /**
     * What the broker held when the app was killed: dead letters committed of the bad records sent so far, and
     * whether a transaction holding dead letters was left open.
     */
    private record AtKill(String when, int committed, int sent, boolean open) {
        @Override
        public String toString() {
            return String.format("%nkilled %s: %d of %d dead letters committed, %s", when, committed, sent,
                    open ? "dead letters in an open transaction" : "no transaction open");
        }
    }
}
