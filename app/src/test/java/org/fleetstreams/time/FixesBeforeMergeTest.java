package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.app.TopologyFixture.EPOCH;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fleetstreams.app.TopologyFixture;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A live replay at 1x: the GPS input of a partition has a fix at 10.0 s (offset 0) and its next only seconds later;
 * the samples after 10.0 s would wait for that next fix. A sample's {@link FixesBefore} promise (every fix before its
 * time is below offset N) lets the samples before it go as soon as the GPS input has been taken up to N: in event-time
 * order still, and no sooner.
 */
class FixesBeforeMergeTest {

    private static final String LOCATIONS = "p-locations";
    private static final String ACCELERATIONS = "p-accelerations";
    private static final long T = EPOCH + 10_000;

    private final MergeHarness merge = new MergeHarness(LOCATIONS, ACCELERATIONS, InputHeads.NONE);

    @AfterEach
    void close() {
        merge.close();
    }

    @Test
    void withoutAPromiseTheSamplesWaitForTheNextFix() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0);
        merge.process(TopologyFixture.sample("a", T + 500, 0, 0, 1), 0);
        merge.process(TopologyFixture.sample("a", T + 520, 0, 0, 1), 1);

        assertThat(merge.names()).containsExactly("a fix " + T);
    }

    @Test
    void aPromiseCoveringWhatWasTakenLetsTheSamplesBeforeItsTimeGo() {
        aFixThenTwoSamplesPromising(merge, 1);

        // the sample at 10.52 s waits: a fix at its very time may still come, and fixes go first at one time
        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 500));
    }

    @Test
    void aPromiseOfAFixNotTakenYetWaitsForItThenCounts() {
        aFixThenTwoSamplesPromising(merge, 2);
        assertThat(merge.names()).as("the fix at offset 1 is still to come").containsExactly("a fix " + T);

        // another ride's fix, before the samples in time: on its own it would move the GPS input only to 10.1 s
        merge.process(TopologyFixture.fix("b", T + 100, 41, -74, 10), 1);

        assertThat(merge.names()).containsExactly("a fix " + T, "b fix " + (T + 100), "a sample " + (T + 500));
    }

    @Test
    void aFixThatComesLaterAtTheSamplesTimeStillGoesFirst() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0);
        merge.process(TopologyFixture.sample("a", T + 500, 0, 0, 1), 0, promise(1));
        // the promise is about fixes before 10.5 s; one at 10.5 s itself comes after the sample
        merge.process(TopologyFixture.fix("a", T + 500, 40, -74, 10), 1);
        merge.process(TopologyFixture.sample("a", T + 520, 0, 0, 1), 1, promise(2));

        assertThat(merge.names()).containsExactly("a fix " + T, "a fix " + (T + 500), "a sample " + (T + 500));
    }

    @Test
    void withTheSettingOffTheHeaderIsStrippedAndPromisesNothing() {
        MergeHarness distrusting = new MergeHarness(LOCATIONS, ACCELERATIONS, InputHeads.NONE,
                Map.of(ReadingsInOrder.FIXES_BEFORE_CONFIG, "false"));
        aFixThenTwoSamplesPromising(distrusting, 1);
        distrusting.process(TopologyFixture.fix("a", T + 1_000, 40, -74, 10), 1);

        assertThat(distrusting.names()).containsExactly("a fix " + T, "a sample " + (T + 500), "a sample " + (T + 520));
        assertThat(distrusting.records()).allSatisfy(r -> assertThat(r.headers().lastHeader(FixesBefore.HEADER)).isNull());
        distrusting.close();
    }

    @Test
    void aFixTheChecksDeadLetteredCountsAsTaken() {
        aFixThenTwoSamplesPromising(merge, 2);

        merge.skipped(LOCATIONS, 1); // an invalid record: nothing to merge, but the partition is read past it

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 500));
    }

    @Test
    void aFixThatBreaksAPromiseStillGoesOnBehindTheSamples() {
        aFixThenTwoSamplesPromising(merge, 1);
        assertThat(merge.metric("fix-promise-broken-total")).isZero();
        // another producer's fix, before the time the promise vouched for
        merge.process(TopologyFixture.fix("b", T + 300, 41, -74, 10), 1);
        // and one at the promised time: that fix may still come (fixes first at one time), so it breaks nothing
        merge.process(TopologyFixture.fix("c", T + 520, 41, -74, 10), 2);

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 500), "b fix " + (T + 300),
                "c fix " + (T + 520));
        assertThat(merge.metric("fix-promise-broken-total")).as("counted, not only logged").isEqualTo(1);
    }

    @Test
    void theHeaderGoesWithNoOutputAndAnUnreadableOneIsNoPromise() {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0, promise(7)); // on a fix it says nothing, and goes too
        merge.process(TopologyFixture.sample("a", T + 500, 0, 0, 1), 0, unreadable());
        merge.process(TopologyFixture.sample("a", T + 520, 0, 0, 1), 1, unreadable().add("other", new byte[] {1}));
        assertThat(merge.names()).containsExactly("a fix " + T);

        merge.process(TopologyFixture.sample("a", T + 540, 0, 0, 1), 2, promise(1));

        assertThat(merge.names()).containsExactly("a fix " + T, "a sample " + (T + 500), "a sample " + (T + 520));
        assertThat(merge.records()).allSatisfy(r -> assertThat(r.headers().lastHeader(FixesBefore.HEADER)).isNull());
        assertThat(merge.records().get(2).headers().lastHeader("other")).as("other headers stay").isNotNull();
    }

    private static Headers unreadable() {
        return new RecordHeaders().add(FixesBefore.HEADER, "one".getBytes(StandardCharsets.US_ASCII));
    }

    /** Ride a's fix at 10 s (offset 0), then its samples at 10.5 and 10.52 s, each promising fixes below {@code n}. */
    private static void aFixThenTwoSamplesPromising(MergeHarness merge, long n) {
        merge.process(TopologyFixture.fix("a", T, 40, -74, 10), 0);
        merge.process(TopologyFixture.sample("a", T + 500, 0, 0, 1), 0, promise(n));
        merge.process(TopologyFixture.sample("a", T + 520, 0, 0, 1), 1, promise(n));
    }

    private static Headers promise(long offset) {
        return new RecordHeaders().add(FixesBefore.HEADER, FixesBefore.encode(offset));
    }
}
