package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fleetstreams.generate.FleetGeneratorFixtures.rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PHYSICS family: early harsh brakes, gravity of 1 g, and the asked sensor timing, GPS lag and unknown speeds. */
class FleetGeneratorPhysicsTest {

    @TempDir
    Path dir;

    /**
     * One seed, one fleet, as FleetGeneratorTest shows for SCRIPTED: the same decoded rows and ground truth (the
     * Parquet bytes need not be the same: data/README.md), another seed another fleet.
     */
    @Test
    void sameSeedSameFleetForThePhysicsFamilyToo() throws IOException {
        for (String name : List.of("a", "b")) {
            FleetGenerator.generate(new FleetGenerator.Options(dir.resolve(name), 3, 40, 7, 4, Family.PHYSICS));
        }
        FleetGenerator.generate(new FleetGenerator.Options(dir.resolve("c"), 3, 40, 8, 4, Family.PHYSICS));

        assertThat(rows(dir.resolve("a"))).isEqualTo(rows(dir.resolve("b"))).isNotEqualTo(rows(dir.resolve("c")));
        for (String file : List.of("ground-truth.csv", "phone-orientation.csv")) {
            assertThat(Files.readString(dir.resolve("a").resolve(file))).as(file)
                    .isEqualTo(Files.readString(dir.resolve("b").resolve(file)));
        }
    }

    @Test
    void thePhysicsFamilyHasEarlyHarshBrakesLaggingGpsAndGravityOfOneG() throws IOException {
        Path out = dir.resolve("p");
        FleetGenerator.Summary summary = FleetGenerator.generate(new FleetGenerator.Options(out, 12, 120, 9, 4, Family.PHYSICS));
        List<String[]> truth = Files.readAllLines(out.resolve("ground-truth.csv")).stream().skip(1).map(l -> l.split(",")).toList();
        Map<String, Double> firstHarsh = new HashMap<>();
        truth.stream().filter(t -> t[1].equals("harsh_braking"))
                .forEach(t -> firstHarsh.merge(t[0], Double.parseDouble(t[2]), Math::min));
        assertThat(firstHarsh).as("every car brakes hard").hasSize(12);
        assertThat(firstHarsh.values()).allSatisfy(s -> assertThat(s).isBetween(15.0, 75.0));
        assertThat(truth).filteredOn(t -> t[1].equals("harsh_braking")).hasSize(summary.harshBrakingEvents())
                .allSatisfy(t -> assertThat(Double.parseDouble(t[4])).isBetween(0.30, 0.80));
        assertThat(truth).extracting(t -> t[1]).contains("mild_braking", "pothole", "handling", "pull_away");

        // The GPS speed lags: during a hard brake the fixes report more than the physics allows at fix time.
        List<SensorReading> rows = rows(out);
        Map<String, double[]> rest = new HashMap<>();
        for (SensorReading r : rows) {
            if (r instanceof AccelerationSample s && r.offset() < 0.25) { // stopped, before any handling
                double[] m = rest.computeIfAbsent(s.rideId(), k -> new double[4]);
                m[0] += s.x();
                m[1] += s.y();
                m[2] += s.z();
                m[3]++;
            }
        }
        assertThat(rest).as("every car's first quarter second").hasSize(12);
        rest.values().forEach(m -> assertThat(Math.sqrt(m[0] * m[0] + m[1] * m[1] + m[2] * m[2]) / m[3]).isBetween(0.93, 1.07));
        int[] lagged = laggingFixes(truth, rows);
        assertThat(lagged[1]).isPositive();
        assertThat(lagged[0]).as("fixes showing a lagged speed").isGreaterThan(lagged[1] / 2);

        // control: the same cars with no GPS lag report the speed at fix time, so the count above is the lag's
        Path noLag = dir.resolve("no-lag");
        FleetGenerator.generate(new FleetGenerator.Options(noLag, 12, 120, 9, 4, Family.PHYSICS,
                FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.DEFAULT.withGpsLag(0)));
        List<String[]> noLagTruth = Files.readAllLines(noLag.resolve("ground-truth.csv")).stream().skip(1)
                .map(l -> l.split(",")).toList();
        int[] control = laggingFixes(noLagTruth, rows(noLag));
        assertThat(control[1]).isPositive();
        assertThat(control[0]).as("fixes showing a lagged speed without a lag, of " + control[1]).isLessThanOrEqualTo(control[1] / 10);
    }

    /**
     * Of the fixes 0.6-1.2 s into each harsh brake of at least 1.5 s: {how many report more than 1 m/s above the speed
     * the physics gives at fix time (the brake's magnitude from 0.3 s in, the onset's rise), how many were judged}.
     * Each must also report no more than the speed at the brake's start, plus 1 m/s of noise: a speed column that
     * ignored the brake, or a car that never braked, is not a lag.
     */
    private static int[] laggingFixes(List<String[]> truth, List<SensorReading> rows) {
        int lagging = 0;
        int judged = 0;
        for (String[] t : truth) {
            if (!t[1].equals("harsh_braking") || Double.parseDouble(t[3]) - Double.parseDouble(t[2]) < 1.5) {
                continue;
            }
            double start = Double.parseDouble(t[2]);
            double speed = Double.parseDouble(t[5]);
            for (SensorReading r : rows) {
                if (r instanceof LocationFix f && f.rideId().equals(t[0]) && f.hasValidSpeed()
                        && f.offset() > start + 0.6 && f.offset() < start + 1.2) {
                    judged++;
                    double atFixTime = speed - Double.parseDouble(t[4]) * 9.81 * (f.offset() - start - 0.3);
                    assertThat(f.speed()).as(t[0] + " at " + f.offset()).isLessThanOrEqualTo(speed + 1);
                    lagging += f.speed() > atFixTime + 1 ? 1 : 0;
                }
            }
        }
        return new int[] {lagging, judged};
    }

    /**
     * {@code --phone-hz} and {@code --gps-interval}: every phone at the asked rate, the fixes as far apart as asked;
     * the same cars otherwise (as many harsh brakes in the truth as with the default timing).
     */
    @Test
    void thePhysicsFamilyReportsAtTheAskedSensorTiming() throws IOException {
        Path fast = dir.resolve("fast");
        FleetGenerator.Summary fastSummary = FleetGenerator.generate(new FleetGenerator.Options(fast, 3, 60, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.of(100, "0.2")));
        Path usual = dir.resolve("usual-timing");
        FleetGenerator.Summary usualSummary = FleetGenerator.generate(new FleetGenerator.Options(usual, 3, 60, 5, 4,
                Family.PHYSICS));

        Map<String, List<Long>> samples = new HashMap<>();
        Map<String, List<Long>> fixes = new HashMap<>();
        for (SensorReading r : rows(fast)) {
            (r instanceof LocationFix ? fixes : samples).computeIfAbsent(r.rideId(), k -> new ArrayList<>())
                    .add(Math.round(r.offset() * 1000));
        }
        assertThat(samples).hasSize(3);
        samples.values().forEach(times -> {
            Collections.sort(times);
            assertThat(times.size()).as("100 Hz over 60 s").isBetween(5_900, 6_000);
            assertThat(times.get(times.size() / 2) - times.get(times.size() / 2 - 1)).isBetween(8L, 12L);
        });
        fixes.values().forEach(times -> {
            Collections.sort(times);
            assertThat(times.size()).as("a fix every 0.2 s over 60 s").isBetween(290, 300);
            assertThat(times.get(times.size() / 2) - times.get(times.size() / 2 - 1)).isBetween(190L, 210L);
        });
        assertThat(fastSummary.harshBrakingEvents()).isEqualTo(usualSummary.harshBrakingEvents());
    }

    /**
     * A GPS lag for every car (QualityReport's {@code --gps-lag}): the same cars, fixes at the same times, the speeds of
     * a receiver that reports the car as it was that long before. A receiver without lag, its speeds drawn as a line
     * through its fixes, matches the lagging one's fixes read 2 s earlier, not at their own times.
     */
    @Test
    void aGpsLagForEveryCarReportsTheSpeedTheCarHadThatLongBefore() throws IOException {
        Path none = dir.resolve("lag-0");
        FleetGenerator.Summary noneSummary = FleetGenerator.generate(new FleetGenerator.Options(none, 3, 120, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.DEFAULT.withGpsLag(0)));
        Path late = dir.resolve("lag-2");
        FleetGenerator.Summary lateSummary = FleetGenerator.generate(new FleetGenerator.Options(late, 3, 120, 5, 4,
                Family.PHYSICS, FleetGenerator.UNKNOWN_SPEED_SHARE, SensorTiming.DEFAULT.withGpsLag(2)));

        assertThat(lateSummary.harshBrakingEvents()).isEqualTo(noneSummary.harshBrakingEvents());
        Map<String, TreeMap<Double, Double>> speedNone = fixSpeeds(none);
        Map<String, TreeMap<Double, Double>> speedLate = fixSpeeds(late);
        assertThat(speedLate.keySet()).isEqualTo(speedNone.keySet());
        double atTwoSecondsBefore = 0;
        double atTheSameTime = 0;
        int compared = 0;
        for (var ride : speedLate.entrySet()) {
            TreeMap<Double, Double> line = speedNone.get(ride.getKey());
            assertThat(ride.getValue().keySet()).as("fix times").isEqualTo(line.keySet());
            for (var fix : ride.getValue().entrySet()) {
                Double before = interpolated(line, fix.getKey() - 2);
                Double same = interpolated(line, fix.getKey());
                if (fix.getValue() >= 0 && before != null && same != null) {
                    atTwoSecondsBefore += Math.abs(fix.getValue() - before);
                    atTheSameTime += Math.abs(fix.getValue() - same);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(50);
        assertThat(atTwoSecondsBefore / compared).as("mean difference, 2 s before (m/s)")
                .isLessThan(atTheSameTime / compared / 2);
        assertThatThrownBy(() -> SensorTiming.DEFAULT.withGpsLag(5)).hasMessageContaining("GPS lag from 0 to 4 s");
    }

    /** Each ride's known fix speeds (unknown ones, −1, left out) by offset. */
    private static Map<String, TreeMap<Double, Double>> fixSpeeds(Path data) throws IOException {
        Map<String, TreeMap<Double, Double>> out = new HashMap<>();
        for (SensorReading r : rows(data)) {
            if (r instanceof LocationFix fix) {
                out.computeIfAbsent(fix.rideId(), k -> new TreeMap<>()).put(fix.offset(), fix.speed());
            }
        }
        return out;
    }

    /** The speed at {@code t} on the line through the known speeds on either side; null outside or next to an unknown. */
    private static Double interpolated(TreeMap<Double, Double> speeds, double t) {
        var lo = speeds.floorEntry(t);
        var hi = speeds.ceilingEntry(t);
        if (lo == null || hi == null || lo.getValue() < 0 || hi.getValue() < 0) {
            return null;
        }
        double span = hi.getKey() - lo.getKey();
        return span == 0 ? lo.getValue() : lo.getValue() + (hi.getValue() - lo.getValue()) * (t - lo.getKey()) / span;
    }

    /** {@code --unknown-speed}: the share of PHYSICS fixes with speed −1, about as asked; the default stays 3 %. */
    @Test
    void thePhysicsFamilyReportsTheAskedShareOfUnknownSpeeds() throws IOException {
        Path half = dir.resolve("half");
        FleetGenerator.generate(new FleetGenerator.Options(half, 6, 120, 5, 4, Family.PHYSICS, 0.5));
        Path usual = dir.resolve("usual");
        FleetGenerator.generate(new FleetGenerator.Options(usual, 6, 120, 5, 4, Family.PHYSICS));

        assertThat(unknownShare(half)).isBetween(0.40, 0.60);
        assertThat(unknownShare(usual)).isBetween(0.005, 0.08);
    }

    private static double unknownShare(Path data) {
        List<LocationFix> fixes = rows(data).stream().filter(r -> r instanceof LocationFix).map(r -> (LocationFix) r).toList();
        assertThat(fixes).hasSizeGreaterThan(150);
        return fixes.stream().filter(f -> f.speed() == -1).count() / (double) fixes.size();
    }
}
