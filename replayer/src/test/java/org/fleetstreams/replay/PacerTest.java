package org.fleetstreams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacerTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void firstRowGoesOutAtOnceAndLaterRowsAtSimulatedTimeOverSpeed() {
        Pacer pacer = new Pacer(clock, 10, 0.8);
        long start = clock.now;

        pacer.awaitDue(0.8, () -> false);
        long firstAt = clock.now;
        pacer.awaitDue(10.8, () -> false);

        assertThat(firstAt).isEqualTo(start);
        assertThat(clock.now - start).isEqualTo(1_000_000_000L);
    }

    @Test
    void realTimeIsSpeedOne() {
        Pacer pacer = new Pacer(clock, 1, 0);
        long start = clock.now;

        pacer.awaitDue(0, () -> false);
        pacer.awaitDue(2.5, () -> false);

        assertThat(clock.now - start).isEqualTo(2_500_000_000L);
    }

    @Test
    void aRowDueWithinTheSpinWindowGoesAtOnceInsteadOfSpinning() {
        Pacer pacer = new Pacer(clock, 10, 0);
        pacer.awaitDue(0, () -> false);
        long before = clock.now;

        pacer.awaitDue(pacer.spinNanos() * 10 / 2 / 1e9, () -> false); // due in half the spin window, at 10x

        assertThat(clock.now).as("no spin, no sleep").isEqualTo(before);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void theSpinWindowShrinksWithTheSpeedSoEverySpeedSpinsTheSameShareOfAGap() {
        // rows 20 ms of event time apart: a 20 ms gap at 1x, 2 ms at 10x, 1 ms at 20x
        for (double speed : new double[] {1, 10, 20}) {
            FakeClock c = new FakeClock();
            Pacer pacer = new Pacer(c, speed, 0);
            pacer.awaitDue(0, () -> false);
            long gap = Math.round(0.020 / speed * 1e9);

            pacer.awaitDue(0.020, () -> false);

            assertThat(pacer.spinNanos()).isEqualTo(Math.round(Pacer.SPIN_NANOS / speed));
            assertThat(c.totalSleptNanos()).as("parked until the window at %sx", speed).isEqualTo(gap - pacer.spinNanos());
            assertThat(c.now - 1_000_000_000L).as("then spun to the due time at %sx", speed).isEqualTo(gap);
        }
        assertThat(new Pacer(clock, 0.5, 0).spinNanos()).as("below 1x the 1x window").isEqualTo(Pacer.SPIN_NANOS);
    }

    @Test
    void aRowAlreadyDueDoesNotWait() {
        Pacer pacer = new Pacer(clock, 1, 0);
        pacer.awaitDue(0, () -> false);
        clock.now += 5_000_000_000L; // we fell behind by 5 s

        pacer.awaitDue(1, () -> false);

        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void maxSpeedNeverSleeps() {
        Pacer pacer = new Pacer(clock, Double.POSITIVE_INFINITY, 0);

        pacer.awaitDue(0, () -> false);
        pacer.awaitDue(1_000, () -> false);

        assertThat(clock.sleeps).isEmpty();
        assertThat(pacer.isMaxSpeed()).isTrue();
    }

    @Test
    void longWaitsAreSlicedSoAStopIsSeenQuickly() {
        Pacer pacer = new Pacer(clock, 1, 0);
        pacer.awaitDue(0, () -> false);
        int[] polls = {0};

        pacer.awaitDue(60, () -> ++polls[0] > 3);

        assertThat(clock.sleeps).hasSize(3).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(Pacer.MAX_SLEEP_NANOS));
    }

    @Test
    void speedMustBePositive() {
        assertThatThrownBy(() -> new Pacer(clock, 0, 0)).hasMessageContaining("speed must be > 0");
    }
}
