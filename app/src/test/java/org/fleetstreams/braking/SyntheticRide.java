package org.fleetstreams.braking;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * A deterministic test car: a longitudinal acceleration profile (g, world frame) becomes 50 Hz accelerometer samples
 * in a given phone orientation (gravity + motion + noise + optional spikes) and 1 Hz GPS fixes with the true speed.
 */
final class SyntheticRide {

    static final long T0 = 1_503_878_400_000L;

    /** Phone axes expressed in the world frame (forward, left, up): rows are the phone's x, y, z axes. */
    record Orientation(double[] x, double[] y, double[] z) {
        /** Phone upright in landscape, back camera forward: gravity on x, forward along -z (the BDD set-up). */
        static final Orientation DASHCAM = new Orientation(new double[] {0, 0, 1}, new double[] {0, 1, 0},
                new double[] {-1, 0, 0});

        /** Phone flat on the seat, face up, turned 30 degrees: gravity on z, forward in the x-y plane. */
        static Orientation flatTurned(double degrees) {
            double r = Math.toRadians(degrees);
            return new Orientation(new double[] {Math.cos(r), Math.sin(r), 0}, new double[] {-Math.sin(r), Math.cos(r), 0},
                    new double[] {0, 0, 1});
        }

        /** The world forward direction in phone coordinates. */
        double[] forwardInPhone() {
            return new double[] {x[0], y[0], z[0]};
        }
    }

    private final List<double[]> segments = new ArrayList<>(); // {durationS, accelG, pitchDegrees over the segment, lateralG, verticalG}
    private final List<double[]> spikes = new ArrayList<>();   // {timeS, g, axis world 0..2}
    private double startSpeed;

    SyntheticRide from(double speedMps) {
        startSpeed = speedMps;
        return this;
    }

    SyntheticRide accelerate(double seconds, double g) {
        segments.add(new double[] {seconds, g, 0, 0, 0});
        return this;
    }

    /** A turn: {@code g} of lateral (leftward) acceleration for {@code seconds}, speed unchanged. */
    SyntheticRide accelerateSideways(double seconds, double g) {
        segments.add(new double[] {seconds, 0, 0, g, 0});
        return this;
    }

    /**
     * Phone handling while cruising: the phone pitches by {@code degrees} about the car's left axis, evenly over
     * {@code seconds}, and stays so. Gravity moves in the phone frame; nothing about the car's motion changes.
     */
    SyntheticRide handle(double seconds, double degrees) {
        segments.add(new double[] {seconds, 0, degrees, 0, 0});
        return this;
    }

    /**
     * {@code g} of longitudinal acceleration while the road drops away under the car (a crest, a dip's far side): the
     * vertical specific force is {@code verticalG} off 1 g for {@code seconds}.
     */
    SyntheticRide accelerateOverCrest(double seconds, double g, double verticalG) {
        segments.add(new double[] {seconds, g, 0, 0, verticalG});
        return this;
    }

    SyntheticRide cruise(double seconds) {
        return accelerate(seconds, 0);
    }

    /** Alternating ±g for calibration: speed changes the GPS can see, without drifting away. */
    SyntheticRide wiggle(double seconds, double g) {
        for (double t = 0; t < seconds; t += 4) {
            accelerate(2, g);
            accelerate(2, -g);
        }
        return this;
    }

    /** A 20 ms jolt of {@code g} along a world axis (0 forward, 2 up) at {@code atS} seconds. */
    SyntheticRide spike(double atS, double g, int worldAxis) {
        spikes.add(new double[] {atS, g, worldAxis});
        return this;
    }

    List<SensorReading> readings(String ride, Orientation o, long seed) {
        Random noise = new Random(seed);
        List<SensorReading> out = new ArrayList<>();
        double v = startSpeed;
        double t = 0;
        int step = 0;
        double lat = 40.7;
        double pitch = 0;
        for (double[] seg : segments) {
            int n = (int) Math.round(seg[0] * 50);
            for (int i = 0; i < n; i++, step++) {
                pitch += Math.toRadians(seg[2]) / n;
                double a = seg[1];
                if (v <= 0 && a < 0) {
                    a = 0;
                }
                double[] world = {a, seg[3], 1 + seg[4]}; // motion + gravity (the sensor reads +1 g up at rest here)
                for (double[] sp : spikes) {
                    if (t >= sp[0] && t < sp[0] + 0.02) {
                        world[(int) sp[2]] += sp[1];
                    }
                }
                // The phone turned by +pitch about left reads the world turned by -pitch.
                double c = Math.cos(pitch);
                double sn = Math.sin(pitch);
                world = new double[] {c * world[0] - sn * world[2], world[1], sn * world[0] + c * world[2]};
                double[] phone = {dot(o.x(), world), dot(o.y(), world), dot(o.z(), world)};
                long time = T0 + Math.round(t * 1000);
                out.add(new AccelerationSample(t, null, ride, "u", phone[0] + 0.01 * noise.nextGaussian(),
                        phone[1] + 0.01 * noise.nextGaussian(), phone[2] + 0.01 * noise.nextGaussian(), time));
                if (step % 50 == 0) {
                    out.add(new LocationFix(t, null, ride, "u", 0, lat, -73.9, "dr5ru", v, 5, time));
                }
                v = Math.max(0, v + a * BrakingDetector.G * 0.02);
                lat += v * 0.02 / 111_000;
                t += 0.02;
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
