package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.junit.jupiter.api.Test;

/**
 * Both families turn the car the way the phone feels it. The body frame is (forward, left, up), so a positive lateral
 * force is one to the left, a left turn, and the GPS course (clockwise from north) must then decrease and the track
 * bend left. Before 2026-12-08 both simulators added the lateral force to a compass heading: the accelerometer said
 * left, the course and the track went right.
 *
 * <p>The lateral force is read back from the accelerometer, as a detector would: the phone's forward axis from the
 * orientation rows, up from the mean reading of the moments before the turn, left = up × forward.
 */
class TurnDirectionTest {

    private static final long EPOCH = 1_503_000_000L;

    @Test
    void aScriptedCarsCourseAndTrackTurnLeftWhenThePhoneFeelsAForceToTheLeft() {
        CarSimulator car = new CarSimulator(new SplittableRandom(11), 900, EPOCH);
        List<LocationFix> fixes = new ArrayList<>();
        List<AccelerationSample> samples = new ArrayList<>();
        car.advance(900, fixes, samples);

        List<Manoeuvre> script = car.script.manoeuvres();
        int turns = 0;
        for (int i = 0; i < script.size(); i++) {
            Manoeuvre m = script.get(i);
            if (m.kind() != Manoeuvre.Kind.TURN) {
                continue;
            }
            String what = "turn at " + m.start();
            double lateral = meanLateral(samples, forwardAt(car.orientations, m.start()), m.start(), m.end(), 1.0);
            assertThat(lateral).as(what + ": the force to the left, g").isCloseTo(m.magnitude(), within(0.05));

            LocationFix before = lastFixBefore(fixes, m.start());
            LocationFix after = firstFixFrom(fixes, m.end());
            // the car holds its speed through a turn; it turns by a / v radians a second, ramps included
            double speed = car.onsetSpeeds[i];
            double expected = Math.toDegrees(m.magnitude() * GeneratorPhysics.G
                    * (m.duration() - CarSimulator.RAMP_DEFICIT_S) / Math.max(speed, 2));
            assertThat(courseChange(before.course(), after.course())).as(what + ": course change, degrees")
                    .isCloseTo(-expected, within(1.0));
            assertThat(leftOffset(before, after)).as(what + ": metres the track ends left of the course before it")
                    .isGreaterThan(3.0);
            turns++;
        }
        assertThat(turns).isGreaterThan(5);
    }

    @Test
    void aPhysicsCarsCourseTurnsAgainstTheLateralForceLeftAndRight() {
        // no GPS lag and a fix every 0.2 s: the course is the car's own heading, followed closely through each turn
        SensorTiming timing = SensorTiming.of(50, "0.2").withGpsLag(0);
        int[] turns = new int[2]; // {left, right}
        for (long seed = 3; seed <= 8; seed++) {
            PhysicsCar car = new PhysicsCar(new SplittableRandom(seed), 900, EPOCH, 0, timing);
            List<LocationFix> fixes = new ArrayList<>();
            List<AccelerationSample> samples = new ArrayList<>();
            car.advance(900, fixes, samples);
            for (String row : car.truthRows()) {
                String[] t = row.split(",");
                if (!t[0].equals("turn")) {
                    continue;
                }
                double start = Double.parseDouble(t[1]);
                double end = Double.parseDouble(t[2]);
                String what = "seed " + seed + ", turn at " + start;
                double lateral = meanLateral(samples, forwardAt(car.orientations, start), start, end, 0.5);
                assertThat(Math.abs(lateral)).as(what + ": |lateral force|, g").isGreaterThan(0.04);

                double change = 0; // summed fix to fix, from the last fix before the turn to the first after it
                LocationFix previous = lastFixBefore(fixes, start);
                for (LocationFix f : fixes) {
                    if (f.offset() > previous.offset() && previous.offset() < end) {
                        change += courseChange(previous.course(), f.course());
                        previous = f;
                    }
                }
                assertThat(Math.abs(change)).as(what + ": |course change|, degrees").isGreaterThan(0.5);
                assertThat(Math.signum(change)).as(what + ": course change " + change + " against lateral " + lateral)
                        .isEqualTo(-Math.signum(lateral));
                turns[lateral > 0 ? 0 : 1]++;
            }
        }
        assertThat(turns[0]).as("left turns").isGreaterThan(1);
        assertThat(turns[1]).as("right turns").isGreaterThan(1);
    }

    /** The car's forward axis in the phone frame at {@code t}, from the orientation rows {from, x, y, z}. */
    private static double[] forwardAt(List<double[]> orientations, double t) {
        double[] forward = null;
        for (double[] o : orientations) {
            if (o[0] <= t) {
                forward = new double[] {o[1], o[2], o[3]};
            }
        }
        return forward;
    }

    /**
     * The mean force along the car's left axis over the middle half of [start, end], beyond the mean reading of the
     * {@code settle} seconds before the start (which also gives up, and takes the sensor's bias away).
     */
    private static double meanLateral(List<AccelerationSample> samples, double[] forward, double start, double end,
                                      double settle) {
        double[] before = mean(samples, start - settle, start);
        double[] left = unit(cross(unit(before), forward));
        double quarter = (end - start) / 4;
        double[] during = mean(samples, start + quarter, end - quarter);
        return (during[0] - before[0]) * left[0] + (during[1] - before[1]) * left[1] + (during[2] - before[2]) * left[2];
    }

    private static double[] mean(List<AccelerationSample> samples, double from, double to) {
        double[] m = new double[3];
        int n = 0;
        for (AccelerationSample s : samples) {
            if (s.offset() >= from && s.offset() < to) {
                m[0] += s.x();
                m[1] += s.y();
                m[2] += s.z();
                n++;
            }
        }
        assertThat(n).as("samples in [%s, %s)", from, to).isPositive();
        return new double[] {m[0] / n, m[1] / n, m[2] / n};
    }

    private static LocationFix lastFixBefore(List<LocationFix> fixes, double t) {
        return fixes.stream().filter(f -> f.offset() < t).reduce((a, b) -> b).orElseThrow();
    }

    private static LocationFix firstFixFrom(List<LocationFix> fixes, double t) {
        return fixes.stream().filter(f -> f.offset() >= t).findFirst().orElseThrow();
    }

    /** {@code to - from} in degrees, wrapped into [-180, 180). */
    private static double courseChange(double from, double to) {
        return ((to - from) % 360 + 540) % 360 - 180;
    }

    /** How far (m) {@code b} lies to the left of the line through {@code a} along {@code a}'s course. */
    private static double leftOffset(LocationFix a, LocationFix b) {
        double north = (b.latitude() - a.latitude()) * 111_320;
        double east = (b.longitude() - a.longitude()) * 111_320 * Math.cos(Math.toRadians(a.latitude()));
        double course = Math.toRadians(a.course()); // along (east, north) = (sin, cos); left of it: (-cos, sin)
        return -east * Math.cos(course) + north * Math.sin(course);
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] unit(double[] v) {
        double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        return new double[] {v[0] / n, v[1] / n, v[2] / n};
    }
}
