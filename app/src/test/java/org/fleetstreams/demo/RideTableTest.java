package org.fleetstreams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;
import org.junit.jupiter.api.Test;

class RideTableTest {

    private static CarSummary window(String ride, long start, int fixes, Double mean, Double max, double metres, long samples) {
        return window(ride, start, fixes, mean == null ? 0 : fixes, mean, max, metres, samples);
    }

    private static CarSummary window(String ride, long start, int fixes, int speedFixes, Double mean, Double max,
                                     double metres, long samples) {
        return new CarSummary(ride, start, start + 30_000, fixes, speedFixes, mean, max, metres, samples, 0, 0);
    }

    @Test
    void overlappingWindowsAreCountedOnceAndAlertsPerRide() {
        // Windows every 15 s: the ones starting at multiples of 30 s tile the time line.
        List<CarSummary> summaries = List.of(
                window("a", 0, 10, 10.0, 12.0, 300, 1500),
                window("a", 15_000, 10, 11.0, 19.0, 310, 1500),   // overlaps both tiles: only its max speed counts
                window("a", 30_000, 30, 14.0, 15.0, 420, 1500),
                window("b", 30_000, 5, null, null, 50, 250));       // speeds unknown (-1)
        HarshBrakingAlert alert = new HarshBrakingAlert("a", 40_000, 41_000, 1_000, 0.45, 0.4, 14.0, 9.0, "harsh", "high",
                "accelerometer", null, null);

        List<RideTable.Row> rows = RideTable.rows(summaries, List.of(alert, alert), 30_000);

        RideTable.Row a = rows.get(0);
        assertThat(a.distanceMetres()).isEqualTo(720);
        assertThat(a.fixes()).isEqualTo(40);
        assertThat(a.samples()).isEqualTo(3000);
        assertThat(a.meanSpeed()).isCloseTo((10 * 10.0 + 30 * 14.0) / 40, within(1e-9));
        assertThat(a.maxSpeed()).isEqualTo(19.0);
        assertThat(a.brakingEvents()).isEqualTo(2);
        assertThat(a.worstBrakeG()).isEqualTo(0.45);
        RideTable.Row b = rows.get(1);
        assertThat(b.meanSpeed()).isNull();
        assertThat(b.maxSpeed()).isNull();
        assertThat(b.brakingEvents()).isZero();
        assertThat(RideTable.format(rows)).contains("2 rides, 0.8 km, 2 harsh-braking events");
    }

    @Test
    void aRidesMeanSpeedWeighsEachWindowByItsFixesWithAKnownSpeed() {
        // speeds {10, -1, -1, -1} in the first tile and {20} in the second: the ride's known speeds average 15,
        // not the 12 that weighing the first tile's mean by all four of its fixes gives
        List<CarSummary> summaries = List.of(
                window("a", 0, 4, 1, 10.0, 10.0, 100, 1500),
                window("a", 30_000, 1, 1, 20.0, 20.0, 100, 1500));

        RideTable.Row a = RideTable.rows(summaries, List.of(), 30_000).get(0);

        assertThat(a.meanSpeed()).isEqualTo(15.0);
        assertThat(a.fixes()).isEqualTo(5);
    }
}
