package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.app.TestData;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.Checked;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ties: a GPS fix and an accelerometer sample with the same event time leave {@code readings-in-order} fix first,
 * whatever order the two partitions were taken in, as in the reference run (a single consumer of both inputs in event
 * time, fixes first). Before this rule a sample at t went once the GPS input had reached t, which another ride's fix
 * at t is enough for: the sample then went before its own ride's fix at t, and the detector's peaks depended on fetch
 * timing.
 */
class TiesFixFirstTest {

    private static final String LOCATIONS = "t-locations";
    private static final String ACCELERATIONS = "t-accelerations";
    private static final Path SAMPLE = Path.of("..", "data", "sample");
    private static final long IDLE_MS = TimePolicy.defaults().inputIdle().toMillis();
    private static final long STOPPED_MS = TimePolicy.defaults().inputStopped().toMillis();

    @TempDir
    Path state;

    /** A record as one input partition holds it. */
    private record Piped(SensorReading reading, long offset) {
        boolean fix() {
            return reading instanceof LocationFix;
        }
    }

    @Test
    void aSampleAtTheTimeOfAFixGoesAfterItInBothDeliveryOrders() {
        long t = EPOCH + 10_000;
        // two rides in one partition with fixes at the same time, and ride b's sample at that time
        Piped fixA = new Piped(TopologyFixture.fix("a", t, 40, -74, 10), 0);
        Piped fixB = new Piped(TopologyFixture.fix("b", t, 41, -74, 10), 1);
        Piped sampleB = new Piped(TopologyFixture.sample("b", t, 0, 0, 1), 0);
        Piped nextFixA = new Piped(TopologyFixture.fix("a", t + 1_000, 40, -74, 10), 2);
        Piped nextSampleB = new Piped(TopologyFixture.sample("b", t + 20, 0, 0, 1), 1);

        // the sample between the two fixes of its time (today's race), and after both
        List<Record<String, Object>> sampleBetween = merge(List.of(fixA, sampleB, fixB, nextSampleB, nextFixA), false);
        List<Record<String, Object>> sampleAfter = merge(List.of(fixA, fixB, sampleB, nextSampleB, nextFixA), false);
        // and the sample first, with the GPS input already at t from the other ride
        List<Record<String, Object>> sampleFirst = merge(List.of(fixA, sampleB, nextSampleB, fixB, nextFixA), false);

        List<String> expected = List.of("a fix " + t, "b fix " + t, "b sample " + t, "b sample " + (t + 20));
        assertThat(names(sampleBetween)).as("sample delivered between the fixes of its time").isEqualTo(expected);
        assertThat(names(sampleAfter)).as("sample delivered after the fixes of its time").isEqualTo(expected);
        assertThat(names(sampleFirst)).as("sample delivered before its ride's fix").isEqualTo(expected);
    }

    @Test
    void aSampleAtTheGpsInputsMarkWaitsUntilTheGpsInputPassesIt() {
        long t = EPOCH + 10_000;
        Piped fix = new Piped(TopologyFixture.fix("a", t, 40, -74, 10), 0);
        Piped sample = new Piped(TopologyFixture.sample("a", t, 0, 0, 1), 0);
        // the fix at t goes (the accelerometer has reached t); the sample waits: another fix at t may follow
        assertThat(names(merge(List.of(fix, sample), false))).containsExactly("a fix " + t);
        assertThat(names(merge(List.of(sample, fix), false))).containsExactly("a fix " + t);
        // once the inputs stop, everything goes
        assertThat(names(merge(List.of(sample, fix), true))).containsExactly("a fix " + t, "a sample " + t);
    }

    @Test
    void recordsOfOneInputAtOneTimeLeaveInTheirPartitionsOrder() {
        long t = EPOCH + 10_000;
        List<Piped> delivery = new ArrayList<>();
        for (int offset = 8; offset < 12; offset++) { // as text, "10" and "11" would sort before "8" and "9"
            delivery.add(new Piped(TopologyFixture.sample("s" + offset, t, 0, 0, 1), offset));
        }
        for (int offset = 98; offset < 102; offset++) {
            delivery.add(new Piped(TopologyFixture.fix("f" + offset, t, 40, -74, 10), offset));
        }
        assertThat(names(merge(delivery, true))).containsExactly("f98 fix " + t, "f99 fix " + t, "f100 fix " + t,
                "f101 fix " + t, "s8 sample " + t, "s9 sample " + t, "s10 sample " + t, "s11 sample " + t);
    }

    @Test
    void aClosingSampleGoesOnceTheGpsInputHasReachedItsTime() {
        // closing records are no ride (no detector, no output): the pair at the end of a replay moves both inputs' time
        long t = EPOCH + 3_600_000;
        Piped fix = new Piped(TopologyFixture.fix(ClosingRecords.RIDE_ID, t, 0, 0, -1), 0);
        Piped sample = new Piped(TopologyFixture.sample(ClosingRecords.RIDE_ID, t, 0, 0, 1), 0);
        assertThat(names(merge(List.of(fix, sample), false))).containsExactly(ClosingRecords.RIDE_ID + " fix " + t,
                ClosingRecords.RIDE_ID + " sample " + t);
        assertThat(names(merge(List.of(sample, fix), false))).containsExactly(ClosingRecords.RIDE_ID + " fix " + t,
                ClosingRecords.RIDE_ID + " sample " + t);
    }

    /**
     * Any interleaving of two partitions, each in event-time order with ties between them and within them, leaves in
     * one order: by event time, fixes first, each input in its partition's order (offsets past 9 included, which a
     * key compared as text would put before 2).
     */
    @Test
    void everyInterleavingOfTheTwoPartitionsLeavesInOneOrder() {
        Random random = new Random(20_170_828);
        List<Piped> fixes = new ArrayList<>();
        List<Piped> samples = new ArrayList<>();
        long t = EPOCH + 10_000;
        for (int i = 0; i < 40; i++) {
            t += 20L * random.nextInt(3); // many records share a time, within and across the inputs
            String ride = "r" + random.nextInt(3);
            if (random.nextInt(3) == 0) {
                fixes.add(new Piped(TopologyFixture.fix(ride, t, 40, -74, 10), fixes.size()));
            } else {
                samples.add(new Piped(TopologyFixture.sample(ride, t, 0, 0, 1), samples.size()));
            }
        }
        List<Piped> all = new ArrayList<>(fixes);
        all.addAll(samples);
        all.sort(Comparator.comparingLong((Piped p) -> p.reading().eventTime()).thenComparing(p -> !p.fix())
                .thenComparingLong(Piped::offset));
        List<String> expected = all.stream().map(p -> name(p.reading())).toList();
        for (int run = 0; run < 300; run++) {
            List<Piped> delivery = new ArrayList<>();
            int f = 0;
            int s = 0;
            while (f < fixes.size() || s < samples.size()) {
                boolean takeFix = s == samples.size() || (f < fixes.size() && random.nextBoolean());
                delivery.add(takeFix ? fixes.get(f++) : samples.get(s++));
            }
            assertThat(names(merge(delivery, true))).as("delivery " + delivery.stream().map(p -> name(p.reading()))
                    .toList()).isEqualTo(expected);
        }
    }

    /**
     * data/sample (what the fault tests replay: every GPS fix has a sample of its ride at the same time, and 69 fix
     * times are shared by two rides) through the topology twice: at every event time once the fixes first and once the
     * samples first (each input in its own order). Alerts, window summaries (their peaks too) and joined pairs are the
     * same. Before the rule, a sample at a shared fix time went on with the first of the two fixes, so before its own.
     */
    @Test
    void theDetectorAndTheSummariesDoNotDependOnWhichInputCameFirstAtATie() {
        List<SensorReading> readings = TestData.readings(SAMPLE, EPOCH);
        long end = readings.get(readings.size() - 1).eventTime() + 600_000;
        List<SensorReading> fixesFirst = new ArrayList<>(readings);
        fixesFirst.sort(Comparator.comparingLong(SensorReading::eventTime).thenComparing(r -> !(r instanceof LocationFix)));
        List<SensorReading> samplesFirst = new ArrayList<>(readings);
        samplesFirst.sort(Comparator.comparingLong(SensorReading::eventTime).thenComparing(r -> r instanceof LocationFix));
        assertThat(samplesFirst).as("the data has ties").isNotEqualTo(fixesFirst);

        TopologyResults a = run(fixesFirst, end, "fixes-first");
        TopologyResults b = run(samplesFirst, end, "samples-first");
        assertThat(a.alerts()).as("the real data has alerts").isNotEmpty();
        assertThat(b.alerts()).as("alerts").isEqualTo(a.alerts());
        assertThat(b.summaries()).as("window summaries").isEqualTo(a.summaries());
        assertThat(b.joined()).as("joined pairs").isEqualTo(a.joined());
    }

    private TopologyResults run(List<SensorReading> delivery, long end, String dir) {
        try (TopologyFixture app = new TopologyFixture(TopologyFixture.config(state.resolve(dir)))) {
            for (SensorReading r : delivery) {
                if (r instanceof LocationFix f) {
                    app.pipe(f);
                } else {
                    app.pipe((AccelerationSample) r);
                }
            }
            app.advanceBothInputsTo(end);
            assertThat(app.deadLetters.isEmpty()).isTrue();
            return TopologyResults.of(app);
        }
    }

    /**
     * The records {@link ReadingsInOrder} passes on when given {@code delivery} (each with its partition offset), at one
     * wall-clock instant (so neither input turns idle); with {@code stop}, then a stop: no record for the stop time.
     */
    private static List<Record<String, Object>> merge(List<Piped> delivery, boolean stop) {
        MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, InputHeads.NONE);
        delivery.forEach(p -> merge.process(p.reading(), p.offset()));
        if (stop) {
            merge.stop();
        }
        merge.close();
        return merge.records();
    }

    private static List<String> names(List<Record<String, Object>> records) {
        return records.stream().map(r -> name((SensorReading) ((Checked<?>) r.value()).value())).toList();
    }

    private static String name(SensorReading r) {
        return r.rideId() + (r instanceof LocationFix ? " fix " : " sample ") + r.eventTime();
    }
}
