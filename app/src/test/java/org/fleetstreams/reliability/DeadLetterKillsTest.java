package org.fleetstreams.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * the app process SIGKILLed right after each burst (at once, after 250 ms, after 1 s), restarted on its state
 * directory. Every bad record's source (topic, partition, offset headers) must be in the dead-letter topic exactly
 * once (read_committed), none missing, and nothing else. A kill that comes after the app committed a burst's dead
 * letters tests nothing, so the test also requires that some kill found dead letters not yet committed (it prints
 * how many were, at each kill).
 *
 * <p>One broker in this JVM, the app as its own process (the project's {@code FleetApp} main); the time goes into the
 * app's four starts.
 */
class DeadLetterKillsTest {

    private static final long EPOCH = FaultRig.EPOCH;
    private static final long[] KILL_AFTER_MS = {0, 250, 1_000};
    private static final int BAD_PER_INPUT = 20;
    private static final Duration RUNNING = Duration.ofSeconds(60);

    private final Topics topics = Topics.withPrefix("dlkill");
    private final String applicationId = "dlkill-app";

    @Test
    @Timeout(420) // its steps may each wait up to 60 s; 31 s on a quiet machine
    void eachBadRecordIsDeadLetteredExactlyOnceThoughTheAppIsKilledAroundIt() throws Exception {
        Path dir = FaultRig.runDir("dead-letter-kills");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start()) {
            // configure + create topics: both inputs, 2 partitions; the app in a process of its own
            String bootstrap = broker.bootstrapServers();
            FaultRig.createInputs(bootstrap, topics, 2, (short) 1);
            // A killed member stays in the group until its session times out (45 s by default), and the restarted
            // one waits for that rebalance; 6 s (the broker's minimum) keeps the four starts within the test's bound.
            Files.writeString(dir.resolve("app.properties"), "session.timeout.ms=6000\nheartbeat.interval.ms=1500\n");
            ChildJvm app = startApp(bootstrap, dir);
            app.awaitLog("-> RUNNING", RUNNING);

            // pipe input: a burst, then SIGKILL, restart; three times, each kill at another moment
            List<String> badSources = new ArrayList<>();
            List<AtKill> atKills = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                    "enable.idempotence", true), new StringSerializer(), new ByteArraySerializer())) {
                for (int round = 0; round < KILL_AFTER_MS.length; round++) {
                    List<String> burst = burst(producer, round);
                    badSources.addAll(burst);
                    Thread.sleep(KILL_AFTER_MS[round]);
                    app.kill();
                    atKills.add(new AtKill(KILL_AFTER_MS[round], deadLetterSources(bootstrap).size(), badSources.size()));
                    app = startApp(bootstrap, dir);
                    app.awaitLog("-> RUNNING", RUNNING);
                }
            }
            Settled.await(bootstrap, applicationId, topics, Duration.ofMinutes(1));
            app.stop(Duration.ofSeconds(20));

            // verify: each bad record's source once, nothing missing, nothing else
            List<String> found = deadLetterSources(bootstrap);
            System.out.println(atKills + "\nafter the restarts: " + found.size() + " dead letters for "
                    + badSources.size() + " bad records");
            assertThat(found).containsExactlyInAnyOrderElementsOf(badSources);
            assertThat(atKills).as("at least one kill came before its burst's dead letters were all committed")
                    .anySatisfy(kill -> assertThat(kill.committed()).isLessThan(kill.sent()));
        }
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

    /** What was committed when the app was killed: dead letters of the bad records sent so far. */
    private record AtKill(long afterMs, int committed, int sent) {
        @Override
        public String toString() {
            return String.format("%nkilled %d ms after a burst: %d of %d dead letters committed", afterMs, committed, sent);
        }
    }
}
