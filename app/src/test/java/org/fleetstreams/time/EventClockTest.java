package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventClockTest {

    private static final long SKEW = 30_000;
    private static final long IDLE = 5_000;

    @Test
    void noTimeBeforeAnyRecordThenTheSlowerInputWhileBothDeliver() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        assertThat(clock.time(0)).isEqualTo(EventClock.NONE);
        clock.observe(true, 100_000, 10);
        clock.observe(false, 160_000, 20);                  // accelerometer a minute ahead
        assertThat(clock.time(30)).isEqualTo(100_000);      // GPS still delivering: it holds the clock back
        clock.observe(true, 101_000, 4_000);
        assertThat(clock.time(60_000)).isEqualTo(101_000);  // no sample since that fix: GPS is not awaited
    }

    @Test
    void anIdleSlowerInputIsWaitedForOnlyUpToTheSkew() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        clock.observe(true, 100_000, 0);
        clock.observe(false, 160_000, 1_000);
        assertThat(clock.time(5_999)).isEqualTo(100_000);   // samples keep coming, GPS silent for 4,999 ms: waited for
        assertThat(clock.time(6_000)).isEqualTo(130_000);   // 5 s: idle, faster input minus 30 s
        clock.observe(true, 101_000, 6_000);                // it comes back, far behind
        assertThat(clock.time(6_000)).as("never goes back").isEqualTo(130_000);
    }

    @Test
    void aTaskWithNoInputAtAllWaitsForNothing() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        clock.observe(true, 100_000, 60_000);              // a minute after start, the first record
        assertThat(clock.time(60_000)).isEqualTo(EventClock.NONE);
    }

    @Test
    void anInputThatNeverDeliveredHoldsTheClockBackUntilItIsIdle() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        clock.observe(false, 160_000, 0);
        assertThat(clock.time(4_999)).isEqualTo(EventClock.NONE);
        assertThat(clock.time(5_000)).isEqualTo(130_000);
    }

    @Test
    void survivesARestartThroughItsBytes() {
        EventClock clock = new EventClock(SKEW, IDLE);
        clock.start();
        clock.observe(true, 100_000, 0);
        clock.observe(false, 120_000, 0);
        clock.time(0);
        EventClock restored = new EventClock(SKEW, IDLE);
        restored.restore(clock.toBytes());
        restored.start();
        assertThat(restored.time(50_000)).isEqualTo(100_000);
        restored.observe(true, 125_000, 50_001);
        assertThat(restored.time(50_001)).isEqualTo(120_000);
    }
}
