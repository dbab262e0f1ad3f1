package org.fleetstreams.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Record timestamps that do not follow the offsets, from the producers that write them: fixes every 2 s. */
class TimestampsOffOffsetsTest {

    private static final long EPOCH = Instant.parse("2017-08-28T00:00:00Z").toEpochMilli();
    private static final long SEND = Instant.parse("2026-12-05T10:00:00Z").toEpochMilli();

    @Test
    void theReplayersTimestampsFollowTheirOffsets() {
        TimestampsOffOffsets look = new TimestampsOffOffsets();
        for (int s = 0; s <= 600; s += 2) {
            assertThat(look.look("r", s + 0.123, EPOCH + s * 1000L + 123)).isEmpty();
            // the BDD offsets' float noise: 14.979999 s stamped as 14,980 ms
            assertThat(look.look("n", s - 0.000001, EPOCH + s * 1000L)).isEmpty();
        }
    }

    @Test
    void aLiveProducerStampingSendTimesAt1xStaysWithinItsJitter() {
        TimestampsOffOffsets look = new TimestampsOffOffsets();
        Random jitter = new Random(11);
        for (int s = 0; s <= 600; s += 2) {
            assertThat(look.look("r", s, SEND + s * 1000L + jitter.nextInt(1500))).isEmpty();
        }
    }

    @Test
    void aBurstIsSaidOnceItsOffsetsHaveMovedMoreThanTheTolerance() {
        TimestampsOffOffsets look = new TimestampsOffOffsets();
        Optional<String> said = Optional.empty();
        int s = 0;
        for (; said.isEmpty() && s <= 120; s += 2) {
            said = look.look("ride-7", s, SEND + s / 2); // 61 fixes sent within 60 ms
        }
        assertThat(s - 2).as("the first fix more than 5 s after the ride's first").isEqualTo(6);
        assertThat(said.orElseThrow()).contains("ride ride-7", "offset 0.000 s -> 6.000 s, 6.0 s later",
                "0.0 s later", "--offset-epoch");
    }

    @Test
    void aProducerPacedAt10xStampingSendTimesIsSaid() {
        TimestampsOffOffsets look = new TimestampsOffOffsets();
        assertThat(look.look("r", 0, SEND)).isEmpty();
        assertThat(look.look("r", 4, SEND + 400)).isEmpty();
        assertThat(look.look("r", 6, SEND + 600)).isPresent();
    }

    /** The replayer's --loop publishes the same rides again: offsets start over, timestamps go on. */
    @Test
    void anOffsetThatGoesBackStartsTheRideAgain() {
        TimestampsOffOffsets look = new TimestampsOffOffsets();
        long passMs = 130_000;
        for (int pass = 0; pass < 3; pass++) {
            for (int s = 0; s <= 120; s += 2) {
                assertThat(look.look("r", s, EPOCH + pass * passMs + s * 1000L)).as("pass %d, %d s", pass, s).isEmpty();
            }
        }
    }
}
