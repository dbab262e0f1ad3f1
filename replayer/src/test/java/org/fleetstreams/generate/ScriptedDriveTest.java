package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fleetstreams.generate.FleetGeneratorFixtures.rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCRIPTED family's drive as labelled: every bump is in the samples, every truth row has a speed, and the car
 * cruises at its cruising speed for as long as it drives. Before 2026-12-08 a 10–20 ms bump fell between two 20 ms
 * samples about one time in four (labelled, never sampled, its speed NaN in ground-truth.csv), and each brake left the
 * car a little faster, its re-acceleration sized without the ramps (some 17 m/s an hour).
 */
class ScriptedDriveTest {

    @TempDir
    Path dir;

    @Test
    void everyBumpIsSampledAndEveryTruthRowHasAFiniteSpeed() throws IOException {
        Path out = dir.resolve("fleet");
        FleetGenerator.generate(new FleetGenerator.Options(out, 4, 300, 3, 4));
        List<String[]> truth = Files.readAllLines(out.resolve(StagedOutput.GROUND_TRUTH)).stream().skip(1)
                .map(l -> l.split(",")).toList();
        List<SensorReading> rows = rows(out);

        assertThat(truth).isNotEmpty().allSatisfy(t -> assertThat(Double.parseDouble(t[5])).as(String.join(",", t))
                .isFinite());
        List<String[]> bumps = truth.stream().filter(t -> t[1].equals("bump")).toList();
        assertThat(bumps).hasSizeGreaterThan(10).allSatisfy(t -> {
            double start = Double.parseDouble(t[2]);
            double end = Double.parseDouble(t[3]);
            // the truth file has 3 decimals; the spike is vertical, on top of 1 g of gravity
            double peak = rows.stream()
                    .filter(r -> r instanceof AccelerationSample && r.rideId().equals(t[0])
                            && r.offset() >= start - 5e-4 && r.offset() <= end + 5e-4)
                    .mapToDouble(r -> {
                        AccelerationSample a = (AccelerationSample) r;
                        return Math.sqrt(a.x() * a.x() + a.y() * a.y() + a.z() * a.z());
                    })
                    .max().orElse(Double.NaN);
            assertThat(peak).as("the largest reading (g) in " + String.join(",", t)).isGreaterThan(1.3);
        });
    }

    @Test
    void aScriptedCarKeepsItsCruisingSpeedForAnHour() {
        for (long seed : new long[] {1, 7}) {
            CarSimulator car = new CarSimulator(new SplittableRandom(seed), 3600, 1_503_000_000L);
            double cruise = car.script.cruiseSpeed();
            double fastest = 0;
            for (int minute = 1; minute <= 60; minute++) { // a minute at a time: an hour of samples is not kept
                List<LocationFix> fixes = new ArrayList<>();
                car.advance(60 * minute, fixes, new ArrayList<>());
                for (LocationFix f : fixes) {
                    fastest = Math.max(fastest, f.speed());
                }
            }
            List<String[]> brakes = car.truthRows().stream().map(r -> r.split(","))
                    .filter(t -> t[0].equals("harsh_braking") || t[0].equals("mild_braking")).toList();
            String what = "seed " + seed + ", cruising at " + cruise + " m/s";
            assertThat(brakes).as(what).hasSizeGreaterThan(50).allSatisfy(t -> assertThat(Double.parseDouble(t[4]))
                    .as(what + ": speed at " + String.join(",", t)).isBetween(cruise - 1, cruise + 1));
            // the GPS speed's noise is 0.15 m/s (one standard deviation)
            assertThat(fastest).as(what + ": the fastest GPS speed").isBetween(cruise, cruise + 1);
        }
    }
}
