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
