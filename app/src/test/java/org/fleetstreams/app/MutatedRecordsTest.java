package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.deadletter.DeadLetterHeaders;
import org.fleetstreams.ingest.InputAccounting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at scale: every record of data/sample (120,951 readings of 20 real rides) through the topology, nine in
 * ten of them mutated ({@link Mutation}: truncated, bit-flipped, wrong types, huge values, NaN and Infinity, a
 * duplicated field, a missing field, sent twice, on the wrong topic, under another key, null, ten minutes old), with
 * a fixed seed. Nothing escapes as an exception, every record that a mutation always breaks is a dead letter with its
 * reason and its original bytes, no untouched record is, and the accounting identity holds.
 */
class MutatedRecordsTest {

    private static final long SEED = 20_170_828L;
    private static final Path SAMPLE = Path.of("..", "data", "sample");

    @TempDir
    Path state;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // 10 s of CPU for the piping (docs/reliability.md); room for a busy machine
    void everyMutatedRecordIsAccountedForAndEveryBrokenOneIsADeadLetterWithItsReason() {
        // configure: the real records, and a fixed seed for which mutation each gets
        List<SensorReading> readings = RealDataTopologyTest.replayedReadings(SAMPLE, TopologyFixture.EPOCH);
        Random random = new Random(SEED);
        Mutation[] mutations = Mutation.values();
        Map<Mutation, Integer> counts = new EnumMap<>(Mutation.class);
        Set<String> mustBeDead = new HashSet<>();
        Set<String> mustBeValid = new HashSet<>();
        int piped = 0;

        try (BadInputRun run = new BadInputRun(state)) {
            String locations = run.app().config.topics().locations();
            String accelerations = run.app().config.topics().accelerations();

            // pipe input: each real record, mutated or not, in event-time order
            long start = System.nanoTime();
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            for (SensorReading reading : readings) {
                Mutation mutation = random.nextInt(10) == 0 ? Mutation.NONE : mutations[1 + random.nextInt(mutations.length - 1)];
                counts.merge(mutation, 1, Integer::sum);
                for (Mutation.Piped record : mutation.apply(reading, random)) {
                    long offset = run.pipe(record.location(), record.key(), record.value(), record.timestamp());
                    String id = (record.location() ? locations : accelerations) + "@" + offset;
                    if (mutation.alwaysBad) {
                        mustBeDead.add(id);
                    } else if (mutation == Mutation.NONE) {
                        mustBeValid.add(id);
                    }
                    piped++;
                }
            }
            run.advanceWallClock(Duration.ofSeconds(10));
            System.out.println("piped " + piped + " records in " + (System.nanoTime() - start) / 1_000_000 + " ms, cpu "
                    + (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1_000_000 + " ms");

            // verify: the accounting and every dead letter (BadInputRun), then which records they are
            List<BadInputRun.DeadLetter> deadLetters = run.verify();
            Set<String> invalid = new HashSet<>();
            for (BadInputRun.DeadLetter dead : deadLetters) {
                if (dead.exception().equals(DeadLetterHeaders.INVALID_INPUT)) {
                    invalid.add(dead.topic() + "@" + dead.offset());
                }
            }
            InputAccounting accounting = InputAccounting.of(run.app().driver.metrics());
            System.out.println("mutations " + counts + "\n" + accounting.report(run.app().config.topics()));

            int mutated = readings.size() - counts.getOrDefault(Mutation.NONE, 0);
            assertThat(mutated).as("mutated real records").isGreaterThanOrEqualTo(100_000);
            assertThat(counts.keySet()).as("every mutation used").containsExactlyInAnyOrder(mutations);
            // Set differences: AssertJ's containsAll compares every pair, 10^10 comparisons here.
            Set<String> notDead = new HashSet<>(mustBeDead);
            notDead.removeAll(invalid);
            Set<String> untouchedButDead = new HashSet<>(mustBeValid);
            untouchedButDead.retainAll(invalid);
            assertThat(notDead).as("records a mutation always breaks, yet not dead-lettered").isEmpty();
            assertThat(untouchedButDead).as("untouched real records dead-lettered").isEmpty();
            assertThat(accounting.inputs().stream().mapToLong(InputAccounting.Input::read).sum()).isEqualTo(piped);
            assertThat(accounting.lateByResult().values().stream().mapToLong(Long::longValue).sum())
                    .as("old records refused as late").isPositive();
        }
    }
}
