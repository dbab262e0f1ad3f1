package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The live view's "app behind" line. */
class AppLagTest {

    @Test
    void recordsAndSecondsOfEventTimeBehindTheReplay() {
        assertThat(AppLag.line(312, 1_503_878_400_900L, 1_503_878_400_500L))
                .isEqualTo("app behind  312 records  0.4 s event time");
        assertThat(AppLag.line(12_345, 10_000, 0)).isEqualTo("app behind  12,345 records  10.0 s event time");
    }

    @Test
    void anAppAheadOfTheLatestPublishedRecordIsNotBehind() {
        assertThat(AppLag.line(0, 1_000, 1_200)).isEqualTo("app behind  0 records  0.0 s event time");
    }

    @Test
    void unknownsAreShownAsSuch() {
        assertThat(AppLag.line(AppLag.UNKNOWN, 1_000, Long.MIN_VALUE)).isEqualTo("app behind  ? records  ? s event time");
        assertThat(AppLag.line(0, Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo("app behind  0 records  0.0 s event time");
    }
}
