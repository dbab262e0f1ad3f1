package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.DataFile;
import org.fleetstreams.replay.data.ParquetRows;
import org.fleetstreams.replay.data.RowSkips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated fleet is data a replay publishes whole: no reading the replayer would have to skip. A car at rest does
 * not roll back, so its speed, and the distance the road's grade is drawn over, never go negative; before that rule
 * held in a pull-away, a brake ending a few cm/s short of a stop turned every later sample of one car NaN, in the
 * PHYSICS acceptance fleets of seeds 1042 and 1043 (car 15 from 92 s, car 43 from 61 s) among others.
 */
class PhysicsFleetFiniteTest {

    @TempDir
    Path dir;

    @Test
    void theAcceptanceFleetsThatHadANaNCarAreReadWithoutASkippedRow() {
        for (long seed : new long[] {1042, 1043}) {
            Path out = dir.resolve("seed-" + seed);
            // as DetectorQualityTest and QualityReport generate them: 50 cars x 120 s
            FleetGenerator.Summary summary = FleetGenerator.generate(
                    new FleetGenerator.Options(out, 50, 120, seed, 4, Family.PHYSICS));
            RowSkips skips = new RowSkips();
            long rows = 0;
            for (DataFile file : BddDataset.open(out).files()) {
                rows += ParquetRows.read(file.kind(), file.path(), skips).size();
            }
            assertThat(skips.byReason()).as("rows a replay of seed %d would skip", seed).isEmpty();
            assertThat(rows).isEqualTo(summary.locationRows() + summary.accelerationRows());
        }
    }

    @Test
    void aNonFiniteReadingIsRefusedNamingItsRideAndTime() {
        LocationFix fix = new LocationFix(12.5, null, "ride-1", "uuid-1", 90, 37.8, -122.3, "9q9p", 4.0, 5, 0);
        AccelerationSample sample = new AccelerationSample(13.02, null, "ride-1", "uuid-1", 0.01, -0.98, 0.1, 0);
        FleetGenerator.requireFinite("ride-1", List.of(fix), List.of(sample));

        AccelerationSample nan = new AccelerationSample(71.28, null, "ride-1", "uuid-1", Double.NaN, -0.98, 0.1, 0);
        assertThatThrownBy(() -> FleetGenerator.requireFinite("ride-1", List.of(fix), List.of(sample, nan)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accelerometer sample for ride ride-1 at offset 71.28");
        LocationFix infinite = new LocationFix(14.0, null, "ride-1", "uuid-1", 90, 37.8, -122.3, "9q9p",
                Double.POSITIVE_INFINITY, 5, 0);
        assertThatThrownBy(() -> FleetGenerator.requireFinite("ride-1", List.of(infinite), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GPS fix for ride ride-1 at offset 14.0");
    }
}
