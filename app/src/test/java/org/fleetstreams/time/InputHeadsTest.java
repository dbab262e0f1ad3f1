package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;

/**
 * {@code readings-in-order} with {@link InputHeads}: the time of each input partition's next record, as Kafka Streams'
 * record queues have already extracted it, lets a record go as soon as the other input is known to pass it, instead
 * of when that input's next record is processed. The merged order must not change: only when records go.
 *
 * <p>The task is simulated as Kafka Streams runs it (RecordQueue, PartitionGroup): each partition has a queue of
 * fetched records, fetches arrive in random sizes, the task takes the queue whose head has the smallest timestamp (at
 * a tie, either), and the timestamp of a queue's head is extracted when it becomes the head: on a fetch into an empty
 * queue, or when the record ahead of it is taken, before that record is processed.
 */
class InputHeadsTest {

    private static final String LOCATIONS = "h-locations";
    private static final String ACCELERATIONS = "h-accelerations";

    /** A record of one input partition (the partition's offset is its index in the list). */
    private record Piped(SensorReading reading, long offset) {
        boolean fix() {
            return reading instanceof LocationFix;
        }
    }

    @Test
    void inACatchUpSamplesGoAtOnceAndTheMergedOrderIsTheSame() {
        for (long seed = 1; seed <= 5; seed++) {
            // configure: three rides in one partition, fixes every 1-4 s, samples at 50 Hz, some at a fix's time
            List<Piped> fixes = new ArrayList<>();
            List<Piped> samples = new ArrayList<>();
            rides(new Random(seed), fixes, samples);
            List<String> expected = eventTimeOrder(fixes, samples);

            // pipe: the same fetches and choices, once without heads and once with them
            Run without = run(fixes, samples, new Random(seed * 31), InputHeads.NONE);
            Run with = run(fixes, samples, new Random(seed * 31), new InputHeads());

            // verify: both exactly in event-time order (fixes first at a tie), and with heads far fewer records held
            assertThat(without.merged()).as("seed %d without heads", seed).isEqualTo(expected);
            assertThat(with.merged()).as("seed %d with heads", seed).isEqualTo(expected);
            assertThat(without.held()).as("seed %d: records held without heads", seed)
                    .isGreaterThan(samples.size() / 2);
            assertThat(with.held() * 10L).as("seed %d: held with heads %d, without %d", seed, with.held(),
                    without.held()).isLessThan(without.held());
        }
    }

    @Test
    void aHeadThatIsNotTheNextRecordOfItsPartitionIsIgnored() {
        long t = EPOCH + 10_000;
        List<Piped> delivery = List.of(new Piped(TopologyFixture.fix("a", t, 40, -74, 10), 7),
                new Piped(TopologyFixture.sample("a", t + 20, 0, 0, 1), 3));
        for (long headOffset : new long[] {7, 9, 100}) { // the fix itself, one past a gap, a stale one far ahead
            InputHeads heads = new InputHeads();
            heads.saw(LOCATIONS, 0, headOffset, t + 5_000);

            MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, heads);
            delivery.forEach(p -> merge.process(p.reading(), p.offset()));

            assertThat(merge.names()).as("head at offset %d", headOffset).containsExactly("a fix " + t);
        }
        // the very next offset: the GPS input is known to pass the sample, which goes at once
        InputHeads heads = new InputHeads();
        heads.saw(LOCATIONS, 0, 8, t + 5_000);
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, heads);
        delivery.forEach(p -> merge.process(p.reading(), p.offset()));
        assertThat(merge.names()).containsExactly("a fix " + t, "a sample " + (t + 20));
    }

    @Test
    void aSampleAtTheTimeOfTheNextFixStillWaitsForIt() {
        long t = EPOCH + 10_000;
        InputHeads heads = new InputHeads();
        heads.saw(LOCATIONS, 0, 8, t + 1_000); // the next fix is at the sample's time: it must go first

        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, heads);
        merge.process(TopologyFixture.fix("a", t, 40, -74, 10), 7);
        merge.process(TopologyFixture.sample("a", t + 1_000, 0, 0, 1), 3);

        assertThat(merge.names()).containsExactly("a fix " + t);
    }

    // --- the simulated task ---

    private record Run(List<String> merged, int held) {
    }

    private static Run run(List<Piped> fixes, List<Piped> samples, Random random, InputHeads heads) {
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, heads);
        List<List<Piped>> partitions = List.of(fixes, samples);
        String[] topics = {LOCATIONS, ACCELERATIONS};
        int[] fetched = new int[2];
        int[] next = new int[2];
        int held = 0;
        while (next[0] < fixes.size() || next[1] < samples.size()) {
            // a fetch of either partition, now and then (a queue may run dry: then the task goes on with the other)
            int p = random.nextInt(2);
            if (random.nextInt(4) == 0 && fetched[p] < partitions.get(p).size()) {
                boolean wasEmpty = fetched[p] == next[p];
                fetched[p] = Math.min(partitions.get(p).size(), fetched[p] + 1 + random.nextInt(400));
                if (wasEmpty) {
                    extract(heads, topics[p], partitions.get(p).get(next[p]));
                }
            }
            int take = pick(partitions, fetched, next, random);
            if (take < 0) {
                continue;
            }
            Piped record = partitions.get(take).get(next[take]++);
            if (next[take] < fetched[take]) {
                extract(heads, topics[take], partitions.get(take).get(next[take])); // RecordQueue.poll → updateHead
            }
            int before = merge.forwarded();
            merge.process(record.reading(), record.offset());
            if (merge.forwarded() == before) {
                held++;
            }
        }
        merge.stop();
        merge.close();
        return new Run(merge.names(), held);
    }

    /** PartitionGroup: the non-empty queue whose head has the smallest timestamp; a tie is broken at random. */
    private static int pick(List<List<Piped>> partitions, int[] fetched, int[] next, Random random) {
        boolean f = next[0] < fetched[0];
        boolean s = next[1] < fetched[1];
        if (!f || !s) {
            return f ? 0 : s ? 1 : -1;
        }
        long ft = partitions.get(0).get(next[0]).reading().eventTime();
        long st = partitions.get(1).get(next[1]).reading().eventTime();
        return ft < st ? 0 : st < ft ? 1 : random.nextInt(2);
    }

    private static void extract(InputHeads heads, String topic, Piped head) {
        heads.saw(topic, 0, head.offset(), head.reading().eventTime());
    }

    /** Three rides, 60 s: fixes every 1-4 s on the 20 ms grid of the samples, so some share a sample's time. */
    private static void rides(Random random, List<Piped> fixes, List<Piped> samples) {
        List<SensorReading> gps = new ArrayList<>();
        List<SensorReading> accel = new ArrayList<>();
        for (String ride : List.of("r1", "r2", "r3")) {
            long start = EPOCH + random.nextInt(50) * 20L;
            for (long t = start; t < start + 60_000; t += 1_000 + random.nextInt(151) * 20L) {
                gps.add(TopologyFixture.fix(ride, t, 40, -74, 10));
            }
            for (long t = start; t < start + 60_000; t += 20) {
                accel.add(TopologyFixture.sample(ride, t, 0, 0, 1));
            }
        }
        // a partition holds its rides' records in the order they were published: event time
        gps.sort(Comparator.comparingLong(SensorReading::eventTime));
        accel.sort(Comparator.comparingLong(SensorReading::eventTime));
        gps.forEach(r -> fixes.add(new Piped(r, fixes.size())));
        accel.forEach(r -> samples.add(new Piped(r, samples.size())));
    }

    /** The merged order the rules define: event time, fixes before samples at one time, each input by offset. */
    private static List<String> eventTimeOrder(List<Piped> fixes, List<Piped> samples) {
        List<Piped> all = new ArrayList<>(fixes);
        all.addAll(samples);
        all.sort(Comparator.comparingLong((Piped p) -> p.reading().eventTime()).thenComparing(p -> !p.fix())
                .thenComparingLong(Piped::offset));
        return all.stream().map(p -> name(p.reading())).toList();
    }

    private static String name(SensorReading r) {
        return MergeHarness.name(r);
    }
}
