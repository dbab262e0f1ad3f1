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

    /**
     * One input delivered everything at once and the other nothing (a partition of GPS-only rides published in a
     * burst): no silence was measured while the other delivered, so only the merge's word that both inputs stopped
     * makes the silent one idle. It stays idle until it delivers; the clock never goes back.
     */
    @Test
    void bothInputsIdleLetsTheClockLeaveAnInputThatNeverDelivered() {
        EventClock clock = clock();
        for (long t = 100_000; t <= 220_000; t += 1_000) {
            clock.observe(true, t, 50);                     // one wall-clock instant
        }
        assertThat(clock.time()).isEqualTo(EventClock.NONE);
        clock.inputsIdle();
        assertThat(clock.time()).isEqualTo(220_000 - SKEW);
        clock.observe(true, 230_000, 9_000);                // the GPS goes on; the accelerometer is still idle
        assertThat(clock.time()).isEqualTo(230_000 - SKEW);
        clock.observe(false, 150_000, 9_100);               // it delivers at last, behind: waited for again
        clock.observe(true, 240_000, 9_200);
        assertThat(clock.time()).as("never goes back").isEqualTo(230_000 - SKEW);
        clock.observe(false, 235_000, 9_300);
        assertThat(clock.time()).isEqualTo(235_000);
    }

    /** A clock told before its first record ignores it: the input that comes second is still waited for. */
    @Test
    void bothInputsIdleBeforeAnyRecordChangesNothing() {
        EventClock clock = clock();
        clock.inputsIdle();
        clock.observe(true, 220_000, 50);
        assertThat(clock.time()).isEqualTo(EventClock.NONE);
        clock.observe(false, 100_000, 60);
        assertThat(clock.time()).isEqualTo(100_000);
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
