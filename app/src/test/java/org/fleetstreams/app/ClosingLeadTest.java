package org.fleetstreams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.time.TimePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closing records ({@link ClosingRecords#LEAD} after the data) close the last window exactly when
 * {@link TimePolicy#lastWindowsCloseWithin} says so, and the app says at its start when they will not.
 *
 * <p>Tumbling windows and a ride whose only readings are at the start of a window, so that window ends a whole window
 * after the data: the latest any window with data can end.
 */
class ClosingLeadTest {

    @TempDir
    Path state;

    @Test
    void theLastWindowClosesWhenItsEndPlusGraceIsWithinTheLead() {
        AppConfig base = TopologyFixture.config(state);
        long grace = base.time().summaryGrace(base.braking().maxEmitDelay()).toMillis();
        Duration fits = ClosingRecords.LEAD.minusMillis(grace);

        AppConfig config = base.withTime(base.time().withWindows(fits, fits));

        assertThat(config.time().lastWindowsCloseWithin(ClosingRecords.LEAD, config.braking().maxEmitDelay())).isTrue();
        assertThat(TimeOptions.closingNote(config.time(), config.braking())).isEmpty();
        assertThat(lastWindowClosed(config)).as("a window of %s and %d ms of grace", fits, grace).isTrue();
    }

    @Test
    void aWindowOneSecondLongerStaysOpenAndTheAppSaysSo() {
        AppConfig base = TopologyFixture.config(state);
        long grace = base.time().summaryGrace(base.braking().maxEmitDelay()).toMillis();
        Duration tooLong = ClosingRecords.LEAD.minusMillis(grace).plusSeconds(1);

        AppConfig config = base.withTime(base.time().withWindows(tooLong, tooLong));

        assertThat(config.time().lastWindowsCloseWithin(ClosingRecords.LEAD, config.braking().maxEmitDelay())).isFalse();
        assertThat(TimeOptions.closingNote(config.time(), config.braking())).hasValueSatisfying(note ->
                assertThat(note).contains("--summary-size", "closing records' lead (600 s"));
        assertThat(lastWindowClosed(config)).as("a window of %s and %d ms of grace", tooLong, grace).isFalse();
    }

    @Test
    void theShippedWindowsCloseWithoutANote() {
        TimePolicy shipped = TimePolicy.defaults();
        assertThat(TimeOptions.closingNote(shipped, TopologyFixture.config(state).braking())).isEmpty();
    }

    /** One ride's fix and sample at a window's start, then the closing records LEAD later: was that window final? */
    private static boolean lastWindowClosed(AppConfig config) {
        long size = config.time().windowSize().toMillis();
        long start = Math.floorDiv(TopologyFixture.EPOCH, size) * size + size; // a window start after the epoch
        try (TopologyFixture f = new TopologyFixture(config)) {
            f.pipe(TopologyFixture.fix("ride-1", start, 37.77, -122.42, 10));
            f.pipe(TopologyFixture.sample("ride-1", start, 0.0, 0.0, 1.0));
            f.advanceBothInputsTo(start + ClosingRecords.LEAD.toMillis());
            return f.drain(f.summaries).stream().map(r -> r.value())
                    .anyMatch((CarSummary s) -> s.rideId().equals("ride-1") && s.windowStart() == start);
        }
    }
}
