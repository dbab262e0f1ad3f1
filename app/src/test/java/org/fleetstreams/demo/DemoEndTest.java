package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wait after the replay for the app to take every input record, before the closing records: it must end on
 * Ctrl-C at once, keep the view drawn meanwhile, and give up at its deadline. Before, it was
 * {@code ClosingRecords.sendWhenCaughtUp}: 120 s deaf to Ctrl-C (the shutdown hook waits 30 s) with no frame drawn.
 */
class DemoEndTest {

    @Test
    @Timeout(5)
    void aStopRequestEndsTheWaitAtOnceAndTheViewIsDrawnUntilThen() throws Exception {
        AtomicInteger frames = new AtomicInteger();

        DemoEnd.CatchUp end = DemoEnd.awaitCaughtUp(() -> 1_000, () -> frames.get() >= 3, frames::incrementAndGet,
                Duration.ofSeconds(120));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.STOPPED);
        assertThat(frames).hasValue(3);
    }

    @Test
    @Timeout(5)
    void anAppThatDoesNotCatchUpEndsTheWaitAtItsDeadline() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        long start = System.nanoTime();

        DemoEnd.CatchUp end = DemoEnd.awaitCaughtUp(() -> 7, () -> false, frames::incrementAndGet,
                Duration.ofMillis(300));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(frames.get()).isPositive();
    }

    @Test
    @Timeout(5)
    void anAppThatHasTakenEverythingIsCaughtUpAtTheFirstLook() throws Exception {
        AtomicInteger looks = new AtomicInteger();

        DemoEnd.CatchUp end = DemoEnd.awaitCaughtUp(() -> looks.getAndIncrement() < 2 ? 5 : 0, () -> false,
                () -> { }, Duration.ofSeconds(120));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.CAUGHT_UP);
        assertThat(looks).hasValue(3);
    }
}
