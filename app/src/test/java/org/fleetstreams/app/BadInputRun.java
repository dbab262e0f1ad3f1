package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.test.TestRecord;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.ingest.Ingest;
import org.fleetstreams.ingest.InputAccounting;

/**
 * The topology in a TopologyTestDriver fed arbitrary bytes, with the checks every bad-input test makes: no exception
 * escapes, every input record is accounted for ({@link InputAccounting} holds, and its read counts are what was
 * piped), and every dead letter says why. Used by the fuzz test and by the mutated-records test.
 *
 * <p>Unlike production, an exception in a processor fails the run: production logs it and dead-letters the record
 * (Kafka Streams' handlers, {@link AppConfig#streamsProperties()}), which would hide exactly what these tests look for.
 */
public final class BadInputRun implements AutoCloseable {

    /**
     * What a dead letter names: its source topic and offset (null and -1 when it has none), why, and whether our checks
     * or a result that refused a late record wrote it.
     */
    public record DeadLetter(String topic, long offset, String exception, String reason, byte[] value) {
    }

    private final TopologyFixture app;
    /** Per input topic, the values piped, by offset (the driver numbers each topic's records from 0). */
    private final Map<String, List<byte[]>> piped = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    /** The production topology and stores (RocksDB). */
    public BadInputRun(Path stateDir) {
        this(failFast(TopologyFixture.config(stateDir)));
    }

    /**
     * The same topology with its stores in memory: the same store formats and serdes, without RocksDB's files, which
     * makes a new driver several times cheaper (the fuzz test builds one per input).
     */
    public static BadInputRun inMemory(Path stateDir) {
        return new BadInputRun(failFast(TopologyFixture.config(stateDir)).withOverrides(Map.of(
                StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class.getName())));
    }

    private static AppConfig failFast(AppConfig config) {
        return config.withOverrides(Map.of(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class.getName(),
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName()));
    }

    private BadInputRun(AppConfig config) {
        app = new TopologyFixture(config);
        piped.put(config.topics().locations(), new ArrayList<>());
        piped.put(config.topics().accelerations(), new ArrayList<>());
    }

    public TopologyFixture app() {
        return app;
    }

    /**
     * Pipes one record (record timestamps below 0 become 0: Kafka does not store negative ones).
     *
     * @return its offset in its topic
     */
    public long pipe(boolean location, String key, byte[] value, long timestamp) {
        String topic = location ? app.config.topics().locations() : app.config.topics().accelerations();
        (location ? app.locations : app.accelerations).pipeInput(
                new TestRecord<>(key, value, Instant.ofEpochMilli(Math.max(0, timestamp))));
        List<byte[]> values = piped.get(topic);
        values.add(value);
        return values.size() - 1;
    }

    public void advanceWallClock(Duration duration) {
        app.driver.advanceWallClockTime(duration);
    }

    /** Checks the accounting and every dead letter so far; returns all dead letters of the run. */
    public List<DeadLetter> verify() {
        app.deadLetters.readRecordsToList().forEach(r -> deadLetters.add(new DeadLetter(header(r, DeadLetterHeaders.TOPIC),
                header(r, DeadLetterHeaders.OFFSET) == null ? -1 : Long.parseLong(header(r, DeadLetterHeaders.OFFSET)),
                header(r, DeadLetterHeaders.EXCEPTION), header(r, DeadLetterHeaders.REASON), r.value())));
        InputAccounting accounting = InputAccounting.of(app.driver.metrics());
        assertThat(accounting.holds()).as(accounting.report(app.config.topics())).isTrue();
        for (InputAccounting.Input input : accounting.inputs()) {
            String topic = input.kind().equals(Ingest.LOCATIONS) ? app.config.topics().locations()
                    : app.config.topics().accelerations();
            assertThat(input.read()).as("records read from " + topic).isEqualTo(piped.get(topic).size());
        }
        long invalid = 0;
        long late = 0;
        for (DeadLetter dead : deadLetters) {
            assertThat(dead.reason()).as("reason of %s", dead).isNotBlank();
            assertThat(dead.exception()).as("who wrote %s", dead).isIn(DeadLetterHeaders.INVALID_INPUT, DeadLetterHeaders.LATE);
            if (dead.exception().equals(DeadLetterHeaders.INVALID_INPUT)) {
                invalid++;
                assertThat(dead.topic()).as("source of %s", dead).isIn(piped.keySet());
                assertThat(dead.value()).as("the original bytes of %s", dead)
                        .isEqualTo(piped.get(dead.topic()).get((int) dead.offset()));
            } else {
                // A late record released by a punctuation (readings-in-order) has no source topic or offset, and a
                // late alert carries the alert: only the reason is checked.
                late++;
            }
        }
        assertThat(invalid).as("invalid dead letters").isEqualTo(accounting.inputs().stream()
                .mapToLong(InputAccounting.Input::sumOfReasons).sum());
        assertThat(late).as("late dead letters").isEqualTo(accounting.lateByResult().values().stream()
                .mapToLong(Long::longValue).sum());
        return deadLetters;
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        app.close();
    }
}
