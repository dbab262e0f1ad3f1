package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waits after the replay: for the app to take every input record, before the closing records, and then for its
 * last outputs to be read. They must end at once on Ctrl-C or when the app stops, keep the view drawn meanwhile, and
 * give up at their deadline. Before, the first was {@code ClosingRecords.sendWhenCaughtUp}: 120 s deaf to Ctrl-C (the
 * shutdown hook waits 30 s) with no frame drawn.
 */
class DemoEndTest {

    @Test
    @Timeout(5)
    void aStopRequestEndsTheWaitAtOnceAndTheViewIsDrawnUntilThen() throws Exception {
        AtomicInteger frames = new AtomicInteger();

        DemoEnd.CatchUp end = DemoEnd.awaitCaughtUp(() -> 1_000, () -> frames.get() >= 3, () -> false,
                frames::incrementAndGet, Duration.ofSeconds(120));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.STOPPED);
        assertThat(frames).hasValue(3);
    }

    @Test
    @Timeout(5)
    void anAppThatDoesNotCatchUpEndsTheWaitAtItsDeadline() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        long start = System.nanoTime();

        DemoEnd.CatchUp end = DemoEnd.awaitCaughtUp(() -> 7, () -> false, () -> false, frames::incrementAndGet,
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
                () -> false, () -> { }, Duration.ofSeconds(120));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.CAUGHT_UP);
        assertThat(looks).hasValue(3);
    }

    /**
     * The app stops during the wait for it to take every record (here after two frames): the wait ends at once, as
     * stopped by the app. Before, only Ctrl-C or the deadline ended it: 120 s of "app catching up" for an app that
     * would never catch up, before the failure was named.
     */
    @Test
    void anAppThatStopsEndsTheCatchUpWaitAtOnce() {
        AtomicInteger frames = new AtomicInteger();

        DemoEnd.CatchUp end = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> DemoEnd.awaitCaughtUp(
                () -> 1_000, () -> false, () -> frames.get() >= 2, frames::incrementAndGet, Duration.ofSeconds(60)));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.APP_DOWN);
        assertThat(frames).hasValue(2);
    }

    /**
     * The app stops after the closing records, while the demo waits for its last outputs: that wait ends at once too.
     * Before, it ran its 120 s and ended in "the app had not caught up", a partial table and exit 1, the failure
     * never named.
     */
    @Test
    void anAppThatStopsEndsTheDrainAtOnce() {
        AtomicInteger frames = new AtomicInteger();

        DemoEnd.CatchUp end = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> DemoEnd.awaitDrained(
                () -> 1_000, since -> false, () -> false, () -> frames.get() >= 2, frames::incrementAndGet,
                Duration.ofSeconds(60)));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.APP_DOWN);
        assertThat(frames).hasValue(2);
    }

    /** The drain is done once the tally has read to the end after the app had taken everything, not before. */
    @Test
    void theDrainIsDoneWhenTheOutputsAreReadAfterTheAppHasTakenEverything() {
        AtomicInteger looks = new AtomicInteger();
        AtomicLong seenDoneAt = new AtomicLong();

        // the tally reads to the end at its second look after the app had taken everything (the lag's second look)
        DemoEnd.CatchUp end = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> DemoEnd.awaitDrained(
                () -> looks.incrementAndGet() < 2 ? 5 : 0, since -> seenDoneAt.getAndSet(since) == since,
                () -> false, () -> false, () -> { }, Duration.ofSeconds(60)));

        assertThat(end).isEqualTo(DemoEnd.CatchUp.CAUGHT_UP);
        assertThat(looks).hasValue(2);
    }

    /** A stop request ends the drain at once, and an app that never finishes ends it at the deadline. */
    @Test
    void theDrainEndsOnAStopRequestAndAtItsDeadline() {
        DemoEnd.CatchUp stopped = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> DemoEnd.awaitDrained(
                () -> 0, since -> false, () -> true, () -> false, () -> { }, Duration.ofSeconds(60)));
        DemoEnd.CatchUp timedOut = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> DemoEnd.awaitDrained(
                () -> 3, since -> false, () -> false, () -> false, () -> { }, Duration.ofMillis(400)));

        assertThat(stopped).isEqualTo(DemoEnd.CatchUp.STOPPED);
        assertThat(timedOut).isEqualTo(DemoEnd.CatchUp.TIMED_OUT);
    }

    /**
     * Ctrl-C after the closing records were sent: the last windows are closed and being written, so the note must
     * not say they were not closed (it did); before them, it must.
     */
    @Test
    void aStopAfterTheClosingRecordsDoesNotSayTheWindowsWereNotClosed() {
        assertThat(DemoEnd.stopNote(true)).startsWith("note: stopped on request").doesNotContain("not closed")
                .contains("closing records were sent");
        assertThat(DemoEnd.stopNote(false)).contains("the last windows were not closed");
    }
}
