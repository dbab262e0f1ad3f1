package org.fleetstreams.time;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkHistoryTest {

    @Test
    void theMarkBeforeAnInstantIsTheLastOneReachedByAStepThatEndedThen() {
        MarkHistory history = new MarkHistory();
        history.record(5, 100);   // step ends at 20
        history.record(15, 150);  // same step: "reached before 20"
        history.record(30, 200);  // step ends at 40

        assertThat(history.before(19)).isEqualTo(EventClock.NONE);
        assertThat(history.before(20)).isEqualTo(150);
        assertThat(history.before(45)).isEqualTo(200);
    }

    @Test
    void whileNoLookAsksItKeepsAMinuteAndVouchesForNothingOlder() {
        // the broker is away: no look asks for an hour of a live input, a record every millisecond
        MarkHistory history = new MarkHistory();
        for (long wall = 0; wall < 3_600_000; wall++) {
            history.record(wall, wall);
        }

        assertThat(history.size()).isEqualTo(MarkHistory.MAX_ENTRIES);
        assertThat(history.before(1_000)).as("an instant older than what is kept").isEqualTo(EventClock.NONE);
        assertThat(history.before(3_600_000)).isEqualTo(3_599_999);
    }
}
