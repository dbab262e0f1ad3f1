package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventClockTest {

    private static final long SKEW = 30_000;
    private static final long IDLE = 5_000;

    private static EventClock clock() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        return clock;
    }

    @Test
    void noTimeBeforeAnyRecordThenTheSlowerInputWhileBothDeliver() {
        EventClock clock = clock();
        assertThat(clock.time()).isEqualTo(EventClock.NONE);
        clock.observe(true, 100_000, 10);
        clock.observe(false, 160_000, 20);                  // accelerometer a minute ahead
        assertThat(clock.time()).isEqualTo(100_000);        // GPS still delivering: it holds the clock back
        clock.observe(true, 101_000, 4_000);
        assertThat(clock.time()).isEqualTo(101_000);
    }

    @Test
    void aSlowerInputSilentWhileTheOtherDeliversIsWaitedForOnlyUpToTheSkew() {
        EventClock clock = clock();
        clock.observe(true, 100_000, 0);
        for (int k = 0; k < 5; k++) {                        // samples every second, GPS silent
            clock.observe(false, 160_000 + k * 20, 1_000 + k * 1_000);
        }
        assertThat(clock.time()).as("silent for 4 s").isEqualTo(100_000);
        clock.observe(false, 160_100, 6_000);
        assertThat(clock.time()).as("silent for 5 s: idle").isEqualTo(130_100);
        clock.observe(true, 101_000, 6_500);                // it comes back, far behind
        assertThat(clock.time()).as("never goes back").isEqualTo(130_100);
    }

    @Test
    void aStalledThreadIsNotASilentInput() {
        EventClock clock = clock();
        clock.observe(true, 100_000, 0);
        clock.observe(false, 160_000, 1_000);
        clock.observe(false, 160_020, 60_000);              // a minute without any record: counts as one second
        assertThat(clock.time()).isEqualTo(100_000);
    }

    @Test
    void anInputThatNeverDeliveredHoldsTheClockBackUntilItIsIdle() {
        EventClock clock = clock();
        for (int k = 0; k <= 5; k++) {
            clock.observe(false, 160_000 + k, k * 1_000L);
            assertThat(clock.time()).isEqualTo(k < 5 ? EventClock.NONE : 130_005);
        }
    }

    @Test
    void survivesARestartThroughItsBytes() {
        EventClock clock = clock();
        clock.observe(true, 100_000, 0);
        clock.observe(false, 120_000, 0);
        clock.time();
        EventClock restored = new EventClock(SKEW, IDLE);
        restored.restore(clock.toBytes());
        restored.start();
        assertThat(restored.time()).isEqualTo(100_000);
        restored.observe(true, 125_000, 50_001);
        assertThat(restored.time()).isEqualTo(120_000);
    }
}
