package org.fleetstreams.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.fleetstreams.state.Encoded;
import org.junit.jupiter.api.Test;

/**
 * The join's samples in chunks: after any mix of samples (some out of order) and forgetting, a task restarted from the
 * store gets back every sample that can still pair, in the order it was added, and nothing it did not add; a restarted
 * task adds and forgets on from there; and in-order use takes one store entry per chunk, not per sample.
 */
class SampleChunksTest {

    private static final List<String> RIDES = List.of("r1", "r/2", "r3");

    @Test
    void aRestartGetsBackEverySampleThatCanStillPairInTheOrderItWasAdded() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            KeyValueStore<String, Encoded> store = store();
            SampleChunks chunks = restored(store, new HashMap<>());
            Map<String, List<JoinSample>> added = new HashMap<>();
            Map<String, Long> forgotten = new HashMap<>(); // per ride: samples before this may be gone
            Map<String, Long> time = new HashMap<>();
            for (int step = 0; step < 2_000; step++) {
                String ride = RIDES.get(random.nextInt(RIDES.size()));
                int op = random.nextInt(100);
                if (op < 80) {
                    long t = time.merge(ride, (long) random.nextInt(40), Long::sum) - (random.nextInt(10) == 0
                            ? random.nextInt(500) : 0); // now and then out of order
                    JoinSample s = new JoinSample(t, random.nextDouble(), step, -random.nextDouble());
                    chunks.add(ride, s);
                    added.computeIfAbsent(ride, r -> new ArrayList<>()).add(s);
                } else if (op < 97) {
                    long bound = time.getOrDefault(ride, 0L) - random.nextInt(3_000);
                    forgotten.merge(ride, bound, Math::max);
                    chunks.forgetBefore(ride, bound);
                } else {
                    Map<String, List<JoinSample>> back = new HashMap<>();
                    chunks = restored(store, back);
                    for (String r : RIDES) {
                        List<JoinSample> all = added.getOrDefault(r, List.of());
                        List<JoinSample> kept = back.getOrDefault(r, List.of());
                        long bound = forgotten.getOrDefault(r, Long.MIN_VALUE);
                        // what comes back is in the order it was added (each sample is unique: y is its step)
                        List<JoinSample> missing = new ArrayList<>();
                        int next = 0;
                        for (JoinSample s : all) {
                            if (next < kept.size() && kept.get(next).equals(s)) {
                                next++;
                            } else {
                                missing.add(s);
                            }
                        }
                        assertThat(next).as("seed %d step %d ride %s: what comes back was added, in that order",
                                seed, step, r).isEqualTo(kept.size());
                        assertThat(missing).as("seed %d step %d ride %s: only samples that can no longer pair are"
                                + " gone", seed, step, r).allMatch(s -> s.eventTime() < bound);
                        added.put(r, new ArrayList<>(kept));
                    }
                }
            }
        }
    }

    @Test
    void aBurstStampedAheadOverSeveralChunksKeepsOnlyItsOwn() {
        // 0.8 s of a phone's clock an hour ahead (40 samples: two chunks), then a minute of normal samples
        KeyValueStore<String, Encoded> store = store();
        SampleChunks chunks = restored(store, new HashMap<>());
        long hour = 3_600_000;
        for (int i = 0; i < 40; i++) {
            chunks.add("r", new JoinSample(hour + i * 20L, 0, 0, 1));
        }
        for (long t = 0; t < 60_000; t += 20) {
            chunks.add("r", new JoinSample(t, 0, 0, 1));
            chunks.forgetBefore("r", t - 5_000);
        }

        Map<String, List<JoinSample>> back = new HashMap<>();
        restored(store, back);
        List<Long> times = back.get("r").stream().map(JoinSample::eventTime).toList();
        assertThat(times.stream().filter(t -> t >= hour)).as("the burst, which the clock has not reached").hasSize(40);
        // of the normal samples: the first 24, in the burst's second chunk, and the last 5 s (and their chunk's)
        long shareTheBurstsChunk = 2L * SampleChunks.CHUNK - 40;
        assertThat(times.stream().filter(t -> t < hour)).as("normal samples kept")
                .allMatch(t -> t < 20 * shareTheBurstsChunk || t >= 55_000 - 20 * SampleChunks.CHUNK);
    }

    @Test
    void samplesStampedAheadKeepOnlyTheirOwnChunks() {
        // a phone's clock: one sample an hour ahead, a minute of normal samples, then the clock two hours ahead for good
        KeyValueStore<String, Encoded> store = store();
        SampleChunks chunks = restored(store, new HashMap<>());
        long hour = 3_600_000;
        chunks.add("r", new JoinSample(hour, 0, 0, 1));
        for (long t = 0; t < 60_000; t += 20) {
            chunks.add("r", new JoinSample(t, 0, 0, 1));
            chunks.forgetBefore("r", t - 5_000);
        }
        for (long t = 2 * hour; t < 2 * hour + 60_000; t += 20) {
            chunks.add("r", new JoinSample(t, 0, 0, 1));
            chunks.forgetBefore("r", 60_000 + (t - 2 * hour) - 5_000); // the task's clock, from the other rides
        }

        // the hour-ahead sample's chunk, and the two-hours-ahead minute (which the clock has not reached): none of
        // the normal minute's chunks, all older than the clock
        Map<String, List<JoinSample>> back = new HashMap<>();
        restored(store, back);
        assertThat(back.get("r")).noneMatch(s -> s.eventTime() >= 32 * 20 && s.eventTime() < 55_000);
        List<Long> times = back.get("r").stream().map(JoinSample::eventTime).toList();
        assertThat(times).as("the hour-ahead sample, which the clock has not reached").contains(hour);
        List<Long> twoHoursAhead = new ArrayList<>();
        for (long t = 2 * hour; t < 2 * hour + 60_000; t += 20) {
            twoHoursAhead.add(t);
        }
        assertThat(times.stream().filter(t -> t >= 2 * hour).toList()).as("every sample of the minute two hours ahead,"
                + " in order").isEqualTo(twoHoursAhead);
    }

    @Test
    void inOrderUseTakesOneStoreEntryPerChunk() {
        KeyValueStore<String, Encoded> store = store();
        SampleChunks chunks = restored(store, new HashMap<>());
        for (int i = 0; i < 10 * SampleChunks.CHUNK; i++) {
            chunks.add("r", new JoinSample(i * 20L, 0, 0, 1)); // 50 Hz
            chunks.forgetBefore("r", i * 20L - 5_000); // keep five seconds
        }
        assertThat(store.approximateNumEntries()).isEqualTo(chunks.chunks())
                .isBetween(5_000L / 20 / SampleChunks.CHUNK, 5_000L / 20 / SampleChunks.CHUNK + 2);
        Map<String, List<JoinSample>> back = new HashMap<>();
        restored(store, back);
        assertThat(back.get("r")).hasSizeBetween(5_000 / 20, 5_000 / 20 + SampleChunks.CHUNK)
                .last().isEqualTo(new JoinSample((10 * SampleChunks.CHUNK - 1) * 20L, 0, 0, 1));

        chunks.forgetBefore("r", Long.MAX_VALUE);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void aRideWhoseChunksAreAllForgottenStartsAgainThroughANewHandle() {
        KeyValueStore<String, Encoded> store = store();
        SampleChunks chunks = restored(store, new HashMap<>());
        SampleChunks.Ride first = chunks.ride("r");
        chunks.add(first, new JoinSample(0, 0, 0, 1));
        chunks.add(first, new JoinSample(20, 0, 0, 1));

        chunks.forgetBefore(first, 1_000); // every sample older: the chunk is deleted and the ride leaves
        assertThat(first.gone()).isTrue();
        assertThat(chunks.existing("r")).isNull();
        assertThat(store.approximateNumEntries()).isZero();

        SampleChunks.Ride second = chunks.ride("r");
        chunks.add(second, new JoinSample(2_000, 0, 0, 1));
        chunks.forgetBefore(first, Long.MAX_VALUE); // a stale handle touches nothing
        assertThatThrownBy(() -> chunks.add(first, new JoinSample(2_020, 0, 0, 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(chunks.existing("r")).isSameAs(second);
        Map<String, List<JoinSample>> back = new HashMap<>();
        restored(store, back);
        assertThat(back.get("r")).containsExactly(new JoinSample(2_000, 0, 0, 1));
    }

    @Test
    void anOldStoreIsRefusedWithTheStoresName() {
        KeyValueStore<String, Encoded> store = store();
        byte[] formatTwo = new byte[1 + 8 + 3 * 8]; // a window store's single sample, before the chunks
        formatTwo[0] = 2;
        store.put("r", Encoded.of(formatTwo));
        assertThatThrownBy(() -> restored(store, new HashMap<>())).hasMessageContaining(
                "store accel-gps-join-samples holds a value in format 2");
        store.put("r", Encoded.of(JoinStoreSerdes.emptySampleChunk(0)));
        assertThatThrownBy(() -> restored(store, new HashMap<>())).hasMessageContaining(
                "store accel-gps-join-samples holds a key that is no <ride>/<chunk number>");
    }

    private static SampleChunks restored(KeyValueStore<String, Encoded> store, Map<String, List<JoinSample>> into) {
        SampleChunks chunks = new SampleChunks(store);
        chunks.restore((ride, s) -> into.computeIfAbsent(ride, r -> new ArrayList<>()).add(s));
        return chunks;
    }

    private static KeyValueStore<String, Encoded> store() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, Encoded> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(JoinProcessor.SAMPLES), Serdes.String(), Encoded.SERDE)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
