package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.fleetstreams.replay.data.SensorKind;
import org.junit.jupiter.api.Test;

/**
 * {@link JoinFrontier}: the latest pair the acknowledged records make per partition, as the course's join defines a
 * pair (one ride, a sample and a fix at most 2 s apart, the pair's time the later of the two), fed in publishing order.
 */
class JoinFrontierTest {

    private static final long T = 1_503_878_400_000L;
    private static final long NONE = Long.MIN_VALUE;
    private static final long DIFFERENCE_MS = 2_000;

    private final JoinFrontier frontier = new JoinFrontier(DIFFERENCE_MS);

    @Test
    void fixesAloneOrSamplesAloneMakeNoPair() {
        for (long t = 0; t <= 10_000; t += 1_000) {
            fix("gps-only", 0, T + t);
        }
        for (long t = 0; t <= 10_000; t += 20) {
            sample("samples-only", 0, T + t);
        }
        assertThat(frontier.latest()).containsExactly(NONE);
    }

    @Test
    void aRideWithFixesThroughoutButSamplesForAFewSecondsPairsOnlyAroundThem() {
        // The real data's shape: a fix every second for two minutes, 50 Hz samples from 50 s to 63 s only.
        for (long t = 0; t <= 120_000; t += 20) {
            if (t % 1_000 == 0) {
                fix("ride", 1, T + t);
            }
            if (t >= 50_000 && t <= 63_000) {
                sample("ride", 1, T + t);
            }
        }
        // The last pair: the sample at 63 s with the fix at 65 s (2 s later, the bound included), at the fix's time.
        assertThat(frontier.latest()[1]).isEqualTo(T + 65_000);
        assertThat(frontier.first()[1]).isEqualTo(T + 50_000);
    }

    @Test
    void aPairIsAtTheLaterOfItsTwoRecordsAndNoFurtherApartThanTheJoinsDifference() {
        sample("a", 0, T);
        fix("a", 0, T + 2_001); // 2.001 s after the sample: no pair
        assertThat(frontier.latest()).containsExactly(NONE);
        sample("a", 0, T + 2_500);
        assertThat(frontier.latest()).containsExactly(T + 2_500);
        fix("a", 0, T + 4_500); // exactly 2 s after the last sample: a pair, at the fix's time
        assertThat(frontier.latest()).containsExactly(T + 4_500);
    }

    @Test
    void onlyRecordsOfOneRidePair() {
        // Two rides in one partition: one has the fixes, the other the samples.
        fix("a", 2, T);
        sample("b", 2, T + 20);
        fix("a", 2, T + 1_000);
        sample("b", 2, T + 1_020);
        assertThat(frontier.latest()).containsExactly(NONE, NONE, NONE);
        sample("a", 2, T + 1_040);
        assertThat(frontier.latest()).containsExactly(NONE, NONE, T + 1_040);
        assertThat(frontier.first()).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE, T + 1_040);
    }

    private void fix(String ride, int partition, long time) {
        frontier.acknowledged(SensorKind.LOCATIONS, partition, ride.getBytes(StandardCharsets.UTF_8), time);
    }

    private void sample(String ride, int partition, long time) {
        frontier.acknowledged(SensorKind.ACCELERATIONS, partition, ride.getBytes(StandardCharsets.UTF_8), time);
    }
}
