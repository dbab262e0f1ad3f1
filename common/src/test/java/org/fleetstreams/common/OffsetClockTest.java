package org.fleetstreams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OffsetClockTest {

    private static final long EPOCH = Instant.parse("2017-08-28T00:00:00Z").toEpochMilli();

    @Test
    void anOffsetIsSecondsAfterTheEpochRoundedToTheMillisecond() {
        assertThat(OffsetClock.eventTime(EPOCH, 0.0)).isEqualTo(EPOCH);
        assertThat(OffsetClock.eventTime(EPOCH, 121.4)).isEqualTo(EPOCH + 121_400);
        // the BDD offsets' float noise: 14.979999 s is meant as 14,980 ms, the first millisecond of no other window
        assertThat(OffsetClock.eventTime(EPOCH, 14.979999)).isEqualTo(EPOCH + 14_980);
        assertThat(OffsetClock.eventTime(EPOCH, 14.9999996)).isEqualTo(EPOCH + 15_000);
        assertThat(OffsetClock.eventTime(EPOCH, 0.0004)).isEqualTo(EPOCH);
        assertThat(OffsetClock.eventTime(EPOCH, -1.5)).as("before the epoch").isEqualTo(EPOCH - 1_500);
    }

    @Test
    void anEventTimesOffsetIsItsSecondsAfterTheEpoch() {
        assertThat(OffsetClock.offsetSeconds(EPOCH, EPOCH + 721_400)).isEqualTo(721.4);
        assertThat(OffsetClock.eventTime(EPOCH, OffsetClock.offsetSeconds(EPOCH, EPOCH + 14_980))).isEqualTo(EPOCH + 14_980);
    }
}
