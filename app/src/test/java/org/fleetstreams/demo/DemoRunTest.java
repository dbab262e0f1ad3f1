package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class DemoRunTest {

    private static final Duration WINDOW = Duration.ofSeconds(30);

    @Test
    void theEpochIsTheLastWindowStartBeforeNow() {
        assertEquals(Instant.parse("2026-12-03T06:52:30Z"), DemoRun.alignedEpoch(Instant.parse("2026-12-03T06:52:47.123Z"), WINDOW));
        assertEquals(Instant.parse("2026-12-03T06:53:00Z"), DemoRun.alignedEpoch(Instant.parse("2026-12-03T06:53:00Z"), WINDOW));
        assertEquals(Instant.parse("2026-12-03T06:52:30Z"), DemoRun.alignedEpoch(Instant.parse("2026-12-03T06:52:59.999Z"), WINDOW));
    }

    @Test
    void runsStartedAtDifferentMomentsPutTheSameOffsetsInTheSameWindows() {
        // Two demo runs a few seconds apart: offset 29.9 s must fall in the same tile ([0, 30) s of the data) in both,
        // which an epoch of "now to the second" does not give.
        Instant first = DemoRun.alignedEpoch(Instant.parse("2026-12-03T07:00:03.400Z"), WINDOW);
        Instant second = DemoRun.alignedEpoch(Instant.parse("2026-12-03T07:00:21.900Z"), WINDOW);
        for (Instant epoch : new Instant[] {first, second}) {
            long size = WINDOW.toMillis();
            assertEquals(0, epoch.toEpochMilli() % size);
            long tileOfOffset0 = Math.floorDiv(epoch.toEpochMilli(), size);
            long tileOfOffset29900 = Math.floorDiv(epoch.toEpochMilli() + 29_900, size);
            long tileOfOffset30000 = Math.floorDiv(epoch.toEpochMilli() + 30_000, size);
            assertEquals(tileOfOffset0, tileOfOffset29900);
            assertTrue(tileOfOffset30000 > tileOfOffset0);
        }
    }

    /**
     * A second demo on one's own Kafka a few minutes after the first: the topics hold the first run's closing records,
     * 10 minutes of event time past its data, and the app has taken them. The second run's data starts after them,
     * window-aligned; on empty topics, or topics whose records are all older, the epoch stays.
     */
    @Test
    void onTopicsThatHoldALaterRecordTheEpochMovesPastIt() {
        Instant now = DemoRun.alignedEpoch(Instant.parse("2026-12-03T07:05:10Z"), WINDOW);
        long closing = Instant.parse("2026-12-03T07:14:02.470Z").toEpochMilli(); // the first run's data end + 600 s

        Instant moved = DemoRun.epochAfter(now, closing, WINDOW);

        assertTrue(moved.toEpochMilli() > closing + WINDOW.toMillis(), moved.toString());
        assertEquals(0, moved.toEpochMilli() % WINDOW.toMillis());
        assertEquals(Instant.parse("2026-12-03T07:15:00Z"), moved);
        assertEquals(now, DemoRun.epochAfter(now, Long.MIN_VALUE, WINDOW));
        assertEquals(now, DemoRun.epochAfter(now, now.toEpochMilli() - 1, WINDOW));
    }

    /**
     * An app whose stream thread failed while it started: the line names the failure and no wait. Before, it said
     * "did not reach RUNNING within 60 s (state ERROR)" after two seconds, without the cause.
     */
    @Test
    void anAppThatStoppedWhileStartingIsToldByItsFailureNotByTheWait() {
        String line = DemoRun.notRunning(true, KafkaStreams.State.ERROR,
                new IllegalStateException("state directory locked"), Duration.ofSeconds(60));

        assertThat(line).startsWith("error: the Kafka Streams app stopped").contains("ERROR")
                .contains("java.lang.IllegalStateException: state directory locked").doesNotContain("60 s");
        assertThat(DemoRun.notRunning(true, KafkaStreams.State.NOT_RUNNING, null, Duration.ofSeconds(60)))
                .doesNotContain("60 s").doesNotContain("null");
        assertThat(DemoRun.notRunning(false, KafkaStreams.State.REBALANCING, null, Duration.ofSeconds(60)))
                .isEqualTo("error: the Kafka Streams app did not reach RUNNING within 60 s (state REBALANCING)");
    }
}
