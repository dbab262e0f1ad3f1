package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;
import static org.fleetstreams.app.TopologyFixture.fix;
import static org.fleetstreams.app.TopologyFixture.sample;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.deadletter.DeadLetters;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.ingest.CheckedRecords;
import org.fleetstreams.state.Encoded;
import org.fleetstreams.time.Arrival;
import org.fleetstreams.time.EventClock;
import org.fleetstreams.time.InputsIdle;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams may call {@code init} again on the same processor instance: a task revived after corruption is
 * re-initialized with its stores restored to the last commit. The join must then judge records by the restored
 * clock, not by what the instance saw before (work that was rolled back).
 */
class JoinRestartTest {

    private static final long DIFFERENCE_MS = 2_000;
    private static final long GRACE_MS = 1_000;

    @Test
    void aRevivedTaskWithNothingCommittedStartsFromAFreshClock() {
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        for (long t = 0; t <= 10_000; t += 500) { // ten seconds of a ride, never committed
            process(join, sample("r", EPOCH + t, 0, 0, 1));
            process(join, fix("r", EPOCH + t, 40.7, -73.9, 10));
        }

        freshStores(context); // rolled back: the changelogs hold nothing of it
        join.init(context);
        context.resetForwards();
        process(join, sample("r", EPOCH, 0, 0, 1));
        process(join, fix("r", EPOCH + 1_000, 40.7, -73.9, 10));

        List<String> children = context.forwarded().stream().map(f -> f.childName().orElse("?")).toList();
        assertThat(children).as("the replayed records join, none is a late dead letter")
                .containsExactly(JoinProcessor.SINK);
        JoinedReading pair = FleetSerdes.joinedReading().fromBytes((byte[]) context.forwarded().get(0).record().value());
        assertThat(pair.accelerationEventTime()).isEqualTo(EPOCH);
        assertThat(pair.locationEventTime()).isEqualTo(EPOCH + 1_000);
    }

    @Test
    void aRestartedTaskPairsALaterFixWithTheSamplesItStoredAsAnUninterruptedOneDoes() {
        List<SensorReading> before = List.of(sample("r", EPOCH, 0.1, -0.2, 0.98), sample("r", EPOCH + 20, 0.3, 0.1, 1.01),
                sample("q", EPOCH + 40, -0.5, 0.25, 0.9));
        List<SensorReading> after = List.of(fix("r", EPOCH + 1_500, 40.7, -73.9, 10), fix("q", EPOCH + 1_600, 41.0, -74.0, 3));

        MockProcessorContext<String, Object> uninterrupted = context();
        JoinProcessor one = started(uninterrupted);
        before.forEach(r -> process(one, r));
        uninterrupted.resetForwards();
        after.forEach(r -> process(one, r));

        MockProcessorContext<String, Object> restarted = context();
        JoinProcessor two = started(restarted);
        before.forEach(r -> process(two, r));
        JoinProcessor revived = newJoin();
        revived.init(restarted); // the same stores: what the changelogs restore
        restarted.resetForwards();
        after.forEach(r -> process(revived, r));

        List<String> expected = joined(uninterrupted);
        assertThat(expected).hasSize(3).anySatisfy(json -> assertThat(json).contains("\"ride_id\":\"q\"", "\"x\":-0.5"));
        assertThat(joined(restarted)).isEqualTo(expected);
    }

    @Test
    void aRestartWhileGpsRunsAMinuteAheadLosesNoPair() {
        // Kafka Streams ran a task's GPS partition 60 s ahead of its accelerations (it does under load, with
        // max.task.idle.ms 0): the fixes arrived, the merge holds them, the clock stays at the samples' time
        List<SensorReading> ahead = new ArrayList<>();
        for (long t = 1_000; t <= 60_000; t += 1_000) {
            ahead.add(fix("r", EPOCH + t, 40.7, -73.9, 10));
        }
        SensorReading late = sample("r", EPOCH + 1_000, 0.1, -0.2, 0.98); // pairs with the fixes at 0, 1, 2 and 3 s

        MockProcessorContext<String, Object> uninterrupted = context();
        JoinProcessor one = started(uninterrupted);
        process(one, sample("r", EPOCH, 0, 0, 1));
        process(one, fix("r", EPOCH, 40.7, -73.9, 10));
        ahead.forEach(f -> arrive(one, f));
        uninterrupted.resetForwards();
        process(one, late);

        MockProcessorContext<String, Object> restarted = context();
        JoinProcessor two = started(restarted);
        process(two, sample("r", EPOCH, 0, 0, 1));
        process(two, fix("r", EPOCH, 40.7, -73.9, 10));
        ahead.forEach(f -> arrive(two, f));
        JoinProcessor revived = newJoin();
        revived.init(restarted); // the same stores: what the changelogs restore
        restarted.resetForwards();
        process(revived, late);

        assertThat(joined(uninterrupted)).hasSize(4);
        assertThat(joined(restarted)).isEqualTo(joined(uninterrupted));
    }

    /**
     * Raising the tolerated disorder at a restart: what the earlier run forgot (up to its clock less its grace and join
     * window) stays forgotten. A record the new grace takes as on time, whose partners were among it, went on and lost
     * those pairs without a trace; it is a late dead letter now. Records whose partners were all kept join as before.
     */
    @Test
    void aRestartWithMoreToleratedDisorderSendsARecordWhosePartnersAreForgottenToTheDeadLetters() {
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        drive(join, "r", 0, 100_000); // clock at 100 s, grace 1 s + difference 2 s: what is before 97 s is forgotten

        JoinProcessor tolerant = new JoinProcessor(DIFFERENCE_MS, 5_000, new EventClock(30_000, 5_000));
        tolerant.init(context); // the same stores: what the changelogs restore
        context.resetForwards();
        process(tolerant, sample("r", EPOCH + 96_010, 0, 0, 1)); // 3.99 s behind; its fixes at 95 and 96 s are gone
        process(tolerant, sample("r", EPOCH + 99_010, 0, 0, 1)); // its fixes (98, 99, 100 s) are all kept

        List<Record<? extends String, ?>> deadLetters = context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(DeadLetters.SINK)).<Record<? extends String, ?>>map(f -> f.record()).toList();
        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(header(r, DeadLetterHeaders.LATE_RESULT)).isEqualTo(JoinProcessor.RESULT);
            assertThat(header(r, DeadLetterHeaders.REASON)).contains("forgotten by an earlier run");
        });
        assertThat(joined(context)).hasSize(3)
                .allSatisfy(json -> assertThat(json).contains("\"acceleration_event_time\":" + (EPOCH + 99_010)));
    }

    /**
     * Kafka Streams may revive a task on the same instance: its clock comes back from the store, as committed. What the
     * rolled-back work's silence of an input said must not move it (the clock reads the silence, and only {@code
     * start()} forgets it): here the samples, idle before the revival, put the clock at 70 s, not at the 50 s
     * committed, and the replayed sample at 55 s was a late dead letter.
     */
    @Test
    void aRevivedInstanceKeepsTheClockItRestoredWhateverItsInputsSilenceSaidBefore() {
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        for (long t = 0; t <= 50_000; t += 1_000) {
            process(join, sample("r", EPOCH + t, 0, 0, 1));
        }
        for (long t = 0; t <= 100_000; t += 1_000) {
            process(join, fix("r", EPOCH + t, 40.7, -73.9, 10));
        }
        KeyValueStore<String, Encoded> clockStore = context.getStateStore(JoinProcessor.CLOCK);
        byte[] committed = clockStore.get("clock").bytes(); // at 50 s, the samples' time
        join.process(new Record<>("r", InputsIdle.INSTANCE, EPOCH + 100_000)); // then the samples went idle: 70 s

        clockStore.put("clock", Encoded.of(committed)); // rolled back to the commit
        join.init(context);
        context.resetForwards();
        process(join, sample("r", EPOCH + 55_000, 0, 0, 1));

        assertThat(context.forwarded()).as("on time by the committed clock")
                .noneMatch(f -> f.childName().orElse("").equals(DeadLetters.SINK));
    }

    private static String header(Record<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aRideGoneQuietLeavesNothingInTheStoresTheChangelogsRestore() {
        // what a task restores at every start is what its stores hold: a ride that ended must not stay there
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        drive(join, "a", 0, 4_980);
        drive(join, "b", 5_000, 65_000); // ride a has ended; ride b drives on for a minute

        assertThat(keys(context, JoinProcessor.FIXES)).isNotEmpty().noneMatch(k -> k.startsWith("a/"));
        assertThat(keys(context, JoinProcessor.SAMPLES)).isNotEmpty().noneMatch(k -> k.startsWith("a/"));
    }

    @Test
    void oneFixStampedAnHourAheadDoesNotKeepTheRidesLaterFixes() {
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        process(join, sample("a", EPOCH, 0, 0, 1));
        process(join, fix("a", EPOCH, 40.7, -73.9, 10));
        arrive(join, fix("a", EPOCH + 3_600_000, 40.7, -73.9, 10)); // a phone's clock; the merge holds it
        drive(join, "a", 20, 60_000);

        List<String> kept = keys(context, JoinProcessor.FIXES);
        // the hour-ahead fix, and the fixes of the last join difference plus grace before the clock (about 60 s)
        assertThat(kept).hasSizeBetween(2, 6).contains("a/1");
    }

    @Test
    void oneSampleStampedAnHourAheadDoesNotKeepTheRidesLaterSamples() {
        MockProcessorContext<String, Object> context = context();
        JoinProcessor join = started(context);
        process(join, sample("a", EPOCH, 0, 0, 1));
        process(join, fix("a", EPOCH, 40.7, -73.9, 10));
        arrive(join, sample("a", EPOCH + 3_600_000, 0, 0, 1)); // a phone's clock; the merge holds it
        context.resetForwards();
        drive(join, "a", 20, 60_000);

        // the chunk with the hour-ahead sample, and those of the last join difference plus grace before the clock
        // (150 samples, 5 chunks of 32); before, every chunk of the minute's samples (94)
        assertThat(keys(context, JoinProcessor.SAMPLES)).hasSizeLessThanOrEqualTo(8);
        // and every pair is still made
        assertThat((long) joined(context).size()).isEqualTo(pairsOfTheLoop());
    }

    /** Pairs with a record of the loop above: fixes every second from 0, samples every 20 ms from 0, 2 s apart. */
    private static long pairsOfTheLoop() {
        long n = 0;
        for (long f = 0; f <= 60_000; f += 1_000) {
            for (long s = 0; s <= 60_000; s += 20) {
                n += Math.abs(f - s) <= DIFFERENCE_MS && (f > 0 || s > 0) ? 1 : 0;
            }
        }
        return n;
    }

    private static List<String> keys(MockProcessorContext<String, Object> context, String store) {
        List<String> keys = new ArrayList<>();
        KeyValueStore<String, ?> kv = context.getStateStore(store);
        try (var all = kv.all()) {
            all.forEachRemaining(e -> keys.add(e.key));
        }
        return keys;
    }

    /** Ride {@code ride} from..to ms after EPOCH (inclusive): a sample every 20 ms, a fix every whole second. */
    private static void drive(JoinProcessor join, String ride, long from, long to) {
        for (long t = from; t <= to; t += 20) {
            process(join, sample(ride, EPOCH + t, 0, 0, 1));
            if (t % 1_000 == 0) {
                process(join, fix(ride, EPOCH + t, 40.7, -73.9, 10));
            }
        }
    }

    private static List<String> joined(MockProcessorContext<String, Object> context) {
        return context.forwarded().stream().filter(f -> f.childName().orElse("").equals(JoinProcessor.SINK))
                .map(f -> new String((byte[]) f.record().value(), StandardCharsets.UTF_8)).toList();
    }

    /** As readings-in-order passes on a record that is due at once: let go in event-time order, then its arrival. */
    private static void process(JoinProcessor join, SensorReading r) {
        Record<String, Object> record = CheckedRecords.of(r);
        join.process(record);
        join.process(record.withValue(new Arrival((Checked<?>) record.value())));
    }

    /** A record the merge holds (the other input has not reached its time): its arrival only. */
    private static void arrive(JoinProcessor join, SensorReading r) {
        Record<String, Object> record = CheckedRecords.of(r);
        join.process(record.withValue(new Arrival((Checked<?>) record.value())));
    }

    private static MockProcessorContext<String, Object> context() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "join-restart");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(props);
        context.setCurrentSystemTimeMs(1_000_000);
        return context;
    }

    private static JoinProcessor newJoin() {
        return new JoinProcessor(DIFFERENCE_MS, GRACE_MS, new EventClock(30_000, 5_000));
    }

    /** A join on empty stores, as at a task's first start. */
    private static JoinProcessor started(MockProcessorContext<String, Object> context) {
        JoinProcessor join = newJoin();
        freshStores(context);
        join.init(context);
        return join;
    }

    private static void freshStores(MockProcessorContext<String, Object> context) {
        KeyValueStore<String, LocationFix> fixes = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                JoinProcessor.FIXES), Serdes.String(), JoinStoreSerdes.locationFix()).withLoggingDisabled()
                .withCachingDisabled().build();
        KeyValueStore<String, Encoded> samples = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
                JoinProcessor.SAMPLES), Serdes.String(), Encoded.SERDE).withLoggingDisabled().withCachingDisabled()
                .build();
        KeyValueStore<String, Encoded> clock = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(JoinProcessor.CLOCK),
                Serdes.String(), Encoded.SERDE).withLoggingDisabled().withCachingDisabled().build();
        fixes.init(context.getStateStoreContext(), fixes);
        samples.init(context.getStateStoreContext(), samples);
        clock.init(context.getStateStoreContext(), clock);
        context.addStateStore(fixes);
        context.addStateStore(samples);
        context.addStateStore(clock);
    }
}
