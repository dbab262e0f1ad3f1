package org.fleetstreams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietRidesTest {

    private static final long MINUTE = 60_000;

    @Test
    void theClockIsTheMedianOfTheRidesLastTimes() {
        QuietRides quiet = new QuietRides(10 * MINUTE, 1);
        assertThat(quiet.clock()).isEqualTo(Long.MIN_VALUE);
        quiet.seen("a", 1_000);
        assertThat(quiet.clock()).isEqualTo(1_000);
        quiet.seen("b", 5_000);
        quiet.seen("c", 7_000);
        assertThat(quiet.clock()).isEqualTo(5_000);
        quiet.seen("a", 12_000);
        quiet.seen("b", 3_000); // a ride's time going back keeps its latest
        assertThat(quiet.last("b")).isEqualTo(5_000);
        assertThat(quiet.clock()).isEqualTo(7_000);
    }

    @Test
    void aRideIsBackAfterTheQuietTimeByItsOwnGap() {
        QuietRides quiet = new QuietRides(10 * MINUTE, Integer.MAX_VALUE);
        assertThat(quiet.seen("a", 0)).as("new").isFalse();
        assertThat(quiet.seen("a", 10 * MINUTE)).as("exactly the quiet time later").isFalse();
        assertThat(quiet.seen("a", 20 * MINUTE + 1)).as("longer").isTrue();
        assertThat(quiet.last("a")).isEqualTo(20 * MINUTE + 1);
    }

    @Test
    void ridesBehindTheClockByTheQuietTimeAreForgottenAtALook() {
        QuietRides quiet = new QuietRides(10 * MINUTE, 100);
        List<String> forgotten = new ArrayList<>();
        quiet.seen("a", 0);
        for (long t = 0; t <= 10 * MINUTE; t += 1_000) {
            quiet.seen("b", t);
            quiet.seen("c", t);
            quiet.sweep(forgotten::add);
        }
        assertThat(forgotten).as("exactly the quiet time behind is not quiet yet").isEmpty();
        for (long t = 10 * MINUTE + 1_000; t <= 12 * MINUTE; t += 1_000) {
            quiet.seen("b", t);
            quiet.seen("c", t);
            quiet.sweep(forgotten::add);
        }
        assertThat(forgotten).containsExactly("a");
        assertThat(quiet.size()).isEqualTo(2);
        assertThat(quiet.last("a")).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void ridesInTheFutureMakeNoOtherQuietWhileTheyAreFewerThanHalf() {
        QuietRides quiet = new QuietRides(10 * MINUTE, 1);
        List<String> forgotten = new ArrayList<>();
        for (String ride : List.of("a", "b", "c")) {
            quiet.seen(ride, 0);
        }
        quiet.seen("future", 100L * 365 * 24 * 60 * MINUTE);
        quiet.seen("future2", 100L * 365 * 24 * 60 * MINUTE + MINUTE);
        quiet.seen("a", 1_000);
        quiet.sweep(forgotten::add);

        assertThat(forgotten).isEmpty();
        assertThat(quiet.clock()).isEqualTo(1_000);
    }
}
