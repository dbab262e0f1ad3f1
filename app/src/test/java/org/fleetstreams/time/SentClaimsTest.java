package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SentClaims} on its own: which claims stay open, and what a full ring keeps. */
class SentClaimsTest {

    private final SentClaims claims = new SentClaims();

    @Test
    void aClaimStaysOpenUntilTheInputIsTakenToItsOffset() {
        claims.claimed(5, 1_000, 3, 0);
        claims.claimed(5, 1_020, 3, 0); // the same claim, later: the first record's time is kept
        claims.claimed(7, 1_040, 3, 0);
        assertThat(claims.firstOpen()).isEqualTo(1_000);
        assertThat(claims.firstOpenOffset()).isEqualTo(5);

        claims.taken(5);
        assertThat(claims.firstOpen()).isEqualTo(1_040);
        claims.taken(7);
        assertThat(claims.firstOpen()).isEqualTo(Long.MAX_VALUE);
        assertThat(claims.open()).isZero();
    }

    @Test
    void aClaimAlreadyMetOrMadeBeforeTheInputDeliveredIsNotKept() {
        claims.claimed(3, 1_000, 3, 0);
        claims.claimed(9, 1_000, -1, 0);

        assertThat(claims.open()).isZero();
    }

    @Test
    void onlyAClaimOfAHigherOffsetIsANewClaimForTheIdleRule() {
        claims.claimed(5, 1_000, 3, 100);
        claims.claimed(5, 1_020, 3, 300); // the same record sent before it: no news
        assertThat(claims.openSince(100)).isTrue();
        assertThat(claims.openSince(200)).as("made at 100, repeated at 300").isFalse();

        claims.claimed(7, 1_040, 3, 400);
        assertThat(claims.openSince(400)).isTrue();
        claims.taken(7);
        assertThat(claims.openSince(Long.MIN_VALUE)).as("met").isFalse();
    }

    /**
     * A task restarted mid-stream: its samples claim GPS records before the GPS input has delivered anything. Whether
     * those were read before the restart is not known yet, so the claim is no record missing for the stop rule; but the
     * GPS input is not idle while it is young. Judged when the GPS input delivers.
     */
    @Test
    void aClaimMadeBeforeTheInputDeliveredCountsForTheIdleRuleAndIsPlacedWhenItDoes() {
        claims.claimed(9, 1_000, -1, 100);
        claims.claimed(12, 1_020, -1, 200);
        claims.claimed(12, 1_040, -1, 300);
        assertThat(claims.open()).as("none kept for the stop rule").isZero();
        assertThat(claims.openSince(200)).isTrue();
        assertThat(claims.openSince(201)).isFalse();

        claims.taken(10); // the GPS input delivers: offset 10 taken, 12 not yet
        assertThat(claims.open()).isEqualTo(1);
        assertThat(claims.firstOpen()).as("the earliest record's time, the highest offset").isEqualTo(1_000);
        assertThat(claims.firstOpenOffset()).isEqualTo(12);
        assertThat(claims.openSince(200)).isTrue();
        claims.taken(12);
        assertThat(claims.openSince(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void anUnplacedClaimTheInputHadMetBeforeTheRestartIsForgotten() {
        claims.claimed(9, 1_000, -1, 100);
        claims.taken(40);

        assertThat(claims.open()).isZero();
        assertThat(claims.openSince(Long.MIN_VALUE)).isFalse();
    }

    @Test
    void aFullRingHoldsFromItsEarliestTimesToItsHighestOffset() {
        for (int i = 0; i < SentClaims.KEPT + 10; i++) {
            claims.claimed(10 + i, 1_000 + i, 0, 0);
        }
        assertThat(claims.open()).isEqualTo(SentClaims.KEPT);
        assertThat(claims.firstOpen()).as("the earliest claim is never dropped").isEqualTo(1_000);

        claims.taken(10 + SentClaims.KEPT - 2);
        assertThat(claims.firstOpen()).as("the newest merged: its time the earlier, its offset the highest")
                .isEqualTo(1_000 + SentClaims.KEPT - 1);
        claims.taken(10 + SentClaims.KEPT + 9);
        assertThat(claims.open()).isZero();
    }
}
