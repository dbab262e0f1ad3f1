package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventClockTest {

    private static final long SKEW = 30_000;
    private static final long IDLE = 5_000;

    @Test
    void noTimeBeforeAnyRecordThenTheSlowerInputWhileBothDeliver() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start(0);
        assertThat(clock.time(0)).isEqualTo(EventClock.NONE);
        clock.observe(true, 100_000, 10);
        clock.observe(false, 160_000, 20);                  // accelerometer a minute ahead
        assertThat(clock.time(30)).isEqualTo(100_000);      // GPS still delivering: it holds the clock back
        clock.observe(true, 101_000, 4_000);
        assertThat(clock.time(8_999)).isEqualTo(101_000);   // silent for 4,999 ms: still waited for
    }

    @Test
    void anIdleSlowerInputIsWaitedForOnlyUpToTheSkew() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start(0);
        clock.observe(true, 100_000, 0);
        clock.observe(false, 160_000, 1_000);
        assertThat(clock.time(5_000)).isEqualTo(130_000);   // GPS silent for 5 s: faster input minus 30 s
        clock.observe(true, 101_000, 6_000);                // it comes back, far behind
        assertThat(clock.time(6_000)).as("never goes back").isEqualTo(130_000);
    }

    @Test
    void anInputThatNeverDeliveredHoldsTheClockBackByTheSkewOnly() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start(0);
        clock.observe(false, 160_000, 0);
        assertThat(clock.time(0)).isEqualTo(130_000);
    }

    @Test
    void survivesARestartThroughItsBytes() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start(0);
        clock.observe(true, 100_000, 0);
        clock.observe(false, 120_000, 0);
        clock.time(0);
        EventClock restored = new EventClock(SKEW, IDLE);
        restored.restore(clock.toBytes());
        restored.start(50_000);
        assertThat(restored.time(50_000)).isEqualTo(100_000);
        restored.observe(true, 125_000, 50_001);
        assertThat(restored.time(50_001)).isEqualTo(120_000);
    }
}
