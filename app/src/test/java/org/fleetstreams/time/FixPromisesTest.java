package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link FixPromises} on its own: when a promise about the GPS input counts, and what is forgotten. */
class FixPromisesTest {

    private final FixPromises promises = new FixPromises();

    @Test
    void nothingPromisedNothingKnown() {
        assertThat(promises.reach()).isEqualTo(EventClock.NONE);
    }

    @Test
    void aPromiseCountsOnceTheGpsInputIsTakenUpToItsOffset() {
        promises.promised(5, 1_000, 3);
        assertThat(promises.reach()).isEqualTo(EventClock.NONE);

        promises.taken(4);
        assertThat(promises.reach()).isEqualTo(EventClock.NONE);
        promises.taken(5);
        assertThat(promises.reach()).isEqualTo(1_000);
        assertThat(promises.waiting()).isZero();
    }

    @Test
    void aPromiseAlreadyMetCountsAtOnceAndNoneMovesTheReachBack() {
        promises.promised(2, 2_000, 2);
        promises.promised(1, 1_500, 2);

        assertThat(promises.reach()).isEqualTo(2_000);
    }

    @Test
    void promisesOfOneOffsetKeepOneEntryWithTheLatestTime() {
        for (int i = 0; i < 100; i++) {
            promises.promised(10, 1_000 + i, 0);
        }
        assertThat(promises.waiting()).isEqualTo(1);

        promises.taken(10);
        assertThat(promises.reach()).isEqualTo(1_099);
    }

    @Test
    void aFixBeforeATimeThePromisesPassedBreaksOneAndIsCounted() {
        promises.promised(1, 2_000, 1);

        assertThat(promises.broken(2_000)).as("at the vouched time itself a fix may still come").isZero();
        assertThat(promises.broken(1_999)).isEqualTo(1);
        assertThat(promises.broken(1_500)).isEqualTo(2);
        promises.reset();
        assertThat(promises.broken(1_500)).isZero();
    }

    @Test
    void withTooManyWaitingTheOldestIsForgottenAndOnlyDelaysWhatItWouldHaveLetGo() {
        for (int i = 0; i < 100; i++) {
            promises.promised(10 + i, 1_000 + i, 0);
        }
        assertThat(promises.waiting()).isEqualTo(64);

        promises.taken(40); // the promises of offsets 10..45 were forgotten, and 46 is not reached
        assertThat(promises.reach()).isEqualTo(EventClock.NONE);
        promises.taken(50); // 46..50 count
        assertThat(promises.reach()).isEqualTo(1_040);
        assertThat(promises.waiting()).isEqualTo(59);

        promises.reset();
        assertThat(promises.reach()).isEqualTo(EventClock.NONE);
        assertThat(promises.waiting()).isZero();
    }
}
