package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.fleetstreams.ingest.InputHeads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The merge's release rules on their own ({@link ReleaseHorizon}): what may go, given how far each input reaches,
 * whether one is idle and what the broker look vouches for. The merge's tests (TiesFixFirstTest, EventTimeSkewTest,
 * DeadLetteredTailTest) check the same rules through the records it forwards.
 */
class ReleaseHorizonTest {

    private static final long IDLE_MS = 1_000;
    /** The wall clock at each {@code compute}: just after the last samples the tests take. */
    private static final long NOW = 1_520;
    private static final String GPS = "t-locations";
    private static final String ACC = "t-accelerations";

    private final MergedInput locations = new MergedInput(GPS);
    private final MergedInput accelerations = new MergedInput(ACC);
    private final Look look = new Look();
    private InputHeads heads;
    private ReleaseHorizon horizon;

    @BeforeEach
    void start() {
        heads = new InputHeads();
        horizon = new ReleaseHorizon(locations, accelerations, IDLE_MS, heads);
        horizon.start(0, true, look);
    }

    @Test
    void bothFlowingRecordsGoUpToTheSlowerInputAndSamplesOnlyBeforeTheGpsReach() {
        locations.took(0, 10_000, 1, accelerations);
        accelerations.took(1, 12_000, 1, locations);

        horizon.compute(NOW);

        assertThat(horizon.upTo()).isEqualTo(10_000);
        // another fix at 10,000 may still come, and fixes go first at one time
        assertThat(horizon.samplesUpTo()).isEqualTo(9_999);
        assertThat(horizon.idleInput()).isNull();
    }

    @Test
    void beforeAnyGpsFixNothingGoes() {
        accelerations.took(0, 12_000, 1, locations);

        horizon.compute(NOW);

        assertThat(horizon.upTo()).isEqualTo(EventClock.NONE);
        assertThat(horizon.samplesUpTo()).isEqualTo(EventClock.NONE);
    }

    @Test
    void theNextRecordsTimeSeenByTheExtractorExtendsAnInputsReach() {
        locations.took(0, 10_000, 5, accelerations);
        accelerations.took(1, 12_000, 1, locations);
        heads.saw(GPS, 0, 5, 11_000); // the very next GPS record, at offset 5

        horizon.compute(NOW);

        assertThat(horizon.upTo()).isEqualTo(11_000);
        assertThat(horizon.samplesUpTo()).isEqualTo(10_999);

        heads.saw(GPS, 0, 7, 15_000); // not the next one: offset 6 may belong before it
        horizon.compute(NOW);
        assertThat(horizon.upTo()).isEqualTo(10_000);
    }

    @Test
    void aGpsInputSilentForTheIdleTimeAndReadToItsEndLetsSamplesGoUpToWhereTheyStoodAtTheLook() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020; // began at wall 1,020: the samples had reached 11,000 by then, 11,500 since
        look.caughtUp = true;

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isEqualTo("locations");
        assertThat(horizon.upTo()).isEqualTo(11_000);
        assertThat(horizon.samplesUpTo()).isEqualTo(11_000);
    }

    /**
     * The replayer sent a fix at 11,000 and then the samples at 11,000, to two partitions led by two brokers: the
     * samples were readable first, and the look found the GPS partition at its end. The fix has been fetched since (the
     * extractor saw it as the partition's next record): the GPS input is not idle, and a sample at 11,000 waits for it.
     */
    @Test
    void aGpsInputWhoseNextFixIsFetchedAlreadyIsNotIdle() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020;
        look.caughtUp = true;
        heads.saw(GPS, 0, locations.next, 11_000);

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isNull();
        assertThat(horizon.upTo()).isEqualTo(11_000);
        assertThat(horizon.samplesUpTo()).as("the fix at 11,000 goes first").isEqualTo(10_999);
    }

    /**
     * The same before the fix is fetched: a sample's {@code SentBefore} claim says the replayer had sent a GPS record
     * the merge has not taken. The GPS input is not idle until it has been taken that far.
     */
    @Test
    void aGpsInputTheSamplesClaimARecordOfIsNotIdle() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020;
        look.caughtUp = true;
        // a fix sent before the sample at 11,000, whose claim the merge read at wall 1,400
        locations.claims.claimed(locations.next + 1, 11_000, locations.next, 1_400);

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isNull();
        assertThat(horizon.upTo()).isEqualTo(10_000);
        assertThat(horizon.samplesUpTo()).isEqualTo(9_999);

        locations.took(1_520, 11_000, locations.next + 1, accelerations); // the fix comes
        horizon.compute(NOW);
        assertThat(horizon.upTo()).isEqualTo(11_000);
        assertThat(horizon.samplesUpTo()).isEqualTo(10_999);
    }

    /**
     * A task restarted in a GPS gap: the GPS input has delivered nothing since, and the look finds it at its end (the
     * group's committed offset). A sample claims a fix the replayer sent before it: the GPS input is not idle.
     */
    @Test
    void afterARestartAClaimOnAGpsInputThatDeliveredNothingYetStillCounts() {
        for (long wall = 20; wall <= 1_500; wall += 20) {
            accelerations.took(wall, 10_000 + wall, wall, locations);
        }
        look.at = 1_020;
        look.caughtUp = true;
        locations.claims.claimed(41, 11_400, locations.next, 1_400);

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isNull();
        assertThat(horizon.upTo()).isEqualTo(EventClock.NONE);
    }

    /**
     * A claim open for longer than the idle time names a record that is not coming soon (a send that failed, a producer
     * that died): it does not keep the input from being idle (the stop rule waits for such a record, at the end).
     */
    @Test
    void aClaimOpenForLongerThanTheIdleTimeLeavesTheIdleRuleAsItWas() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020;
        look.caughtUp = true;
        locations.claims.claimed(locations.next + 1, 10_020, locations.next, 20); // read with the first sample

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isEqualTo("locations");
        assertThat(horizon.upTo()).isEqualTo(11_000);
    }

    /**
     * Each input is vouched for by its own partition's look: an idle GPS input lets the samples go up to where they
     * stood when the GPS partition's look began, not the accelerometer partition's (later) one.
     */
    @Test
    void anIdleInputIsVouchedForByItsOwnPartitionsLook() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020;
        look.otherAt = 1_400; // the accelerometer partition's look, answered later
        look.caughtUp = true;

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isEqualTo("locations");
        assertThat(horizon.upTo()).as("the samples' mark at the GPS look, 1,020").isEqualTo(11_000);
    }

    /**
     * A look answered between the two questions (answers come on the admin client's thread): the older look's "read
     * to its end" must not be paired with the newer look's time, which does not find the partition read to its end.
     */
    @Test
    void aLookAnsweredMeanwhileIsNotPairedWithTheOlderOnesAnswer() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_020;
        look.caughtUp = true;
        look.thenAt = 1_500; // once caughtUp has been asked: a newer look that finds more GPS records

        horizon.compute(NOW);

        assertThat(horizon.upTo()).as("no further than the older look vouches for").isLessThanOrEqualTo(11_000);
    }

    @Test
    void aSilentInputTheBrokerStillHoldsMoreOfIsNotIdle() {
        oneFixThenSamplesUntil(1_500);
        look.at = 1_000;
        look.caughtUp = false; // a slow fetch, not a stop: what it holds may belong before the samples

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isNull();
        assertThat(horizon.upTo()).isEqualTo(10_000);
        assertThat(horizon.samplesUpTo()).isEqualTo(9_999);
    }

    @Test
    void silenceShorterThanTheIdleTimeHoldsBack() {
        oneFixThenSamplesUntil(IDLE_MS - 20);
        look.at = 900;
        look.caughtUp = true;

        horizon.compute(NOW);

        assertThat(horizon.idleInput()).isNull();
        assertThat(horizon.upTo()).isEqualTo(10_000);
    }

    /** A GPS fix at 10,000 (wall 0), then a sample every 20 ms of wall time, 10,000 + wall, up to {@code lastWall}. */
    private void oneFixThenSamplesUntil(long lastWall) {
        locations.took(0, 10_000, 1, accelerations);
        for (long wall = 20; wall <= lastWall; wall += 20) {
            accelerations.took(wall, 10_000 + wall, wall, locations);
        }
    }

    /** The broker look: when it began and whether it found every partition read to its end. */
    private static final class Look implements InputProgress {
        long at = -1;
        /** The accelerometer partition's look time, when not the same as the GPS partition's. */
        long otherAt = -1;
        /** A newer look, answered once {@link #caughtUp} has been asked: it does not find the GPS input at its end. */
        long thenAt = -1;
        boolean caughtUp;

        @Override
        public long lookedAt(String topic, int partition) {
            return topic.equals(ACC) && otherAt >= 0 ? otherAt : at;
        }

        @Override
        public boolean caughtUp(String topic, int partition, long nextOffset) {
            boolean answer = caughtUp;
            if (thenAt >= 0) {
                at = thenAt;
                caughtUp = false;
            }
            return answer;
        }

        @Override
        public void close() {
        }
    }
}
