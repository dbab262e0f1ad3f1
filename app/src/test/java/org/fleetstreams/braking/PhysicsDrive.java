package org.fleetstreams.braking;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/**
 * A car on a straight, level road, written from the physics and nothing of the detector: its longitudinal
 * acceleration a(t) (g, forward positive) is integrated into its speed (which stops at 0), a phone in a fixed attitude
 * reads 1 g of gravity plus a(t) plus Gaussian noise on each axis, and a GPS reports the speed of {@code lag} earlier
 * (as phones do), with its own noise. Sensor outages (a tunnel for the GPS, a phone pausing its samples) and the unit
 * the phone reports in are set per drive. Brakes are trapezoids: a real brake ramps up and down in about 0.2 s.
 */
final class PhysicsDrive {

    private final List<double[]> brakes = new ArrayList<>(); // {startS, durationS, g (deceleration, positive)}
    private final List<double[]> jolts = new ArrayList<>();  // {startS, durationS, g forward}
    private final List<double[]> noFixes = new ArrayList<>();
    private final List<double[]> unknownSpeeds = new ArrayList<>();
    private final List<double[]> noSamples = new ArrayList<>();
    private final double v0;
    private final double durationS;
    private DoubleUnaryOperator extra = t -> 0;
    private DoubleUnaryOperator sideways = t -> 0;
    private double calibrateS;
    private double noiseG = 0.01;
    private double fixEveryS = 1;
    private double lagS;
    private double gpsNoise;
    private double unit = 1;
    private double sampleDt = 0.02;
    private double jitter;
    private SyntheticRide.Orientation orientation = SyntheticRide.Orientation.DASHCAM;

    PhysicsDrive(double v0, double durationS) {
        this.v0 = v0;
        this.durationS = durationS;
    }

    /** A brake of {@code g} starting at {@code startS}, {@code durationS} long at full strength, 0.2 s ramps either side. */
    PhysicsDrive brake(double startS, double durationS, double g) {
        brakes.add(new double[] {startS, durationS, g});
        return this;
    }

    /** A short forward jolt (a pothole, a seat-belt tug) of {@code g} on the phone only: the car's speed is not changed. */
    PhysicsDrive jolt(double startS, double durationS, double g) {
        jolts.add(new double[] {startS, durationS, g});
        return this;
    }

    /** Any further longitudinal acceleration (g) of the car, as a function of time (s). */
    PhysicsDrive plus(DoubleUnaryOperator accelerationG) {
        extra = accelerationG;
        return this;
    }

    /** The car's sideways acceleration (g, to the left positive) as a function of time (s): a turn. The speed is kept. */
    PhysicsDrive lateral(DoubleUnaryOperator accelerationG) {
        sideways = accelerationG;
        return this;
    }

    /** The first {@code seconds}: ±0.1 g every 2 s, speed changes the GPS sees, for the forward axis fit. */
    PhysicsDrive calibrateFirst(double seconds) {
        calibrateS = seconds;
        return this;
    }

    PhysicsDrive noise(double g) {
        noiseG = g;
        return this;
    }

    PhysicsDrive fixes(double everyS, double lag, double speedNoise) {
        fixEveryS = everyS;
        lagS = lag;
        gpsNoise = speedNoise;
        return this;
    }

    PhysicsDrive noFixesBetween(double fromS, double toS) {
        noFixes.add(new double[] {fromS, toS});
        return this;
    }

    PhysicsDrive unknownSpeedBetween(double fromS, double toS) {
        unknownSpeeds.add(new double[] {fromS, toS});
        return this;
    }

    PhysicsDrive noSamplesBetween(double fromS, double toS) {
        noSamples.add(new double[] {fromS, toS});
        return this;
    }

    /** The phone samples at {@code hz} (50 by default), each interval off by up to ±{@code jitter} of it at random. */
    PhysicsDrive sampling(double hz, double jitter) {
        sampleDt = 1 / hz;
        this.jitter = jitter;
        return this;
    }

    /** The phone reports in m/s² (9.80665 per g) instead of g. */
    PhysicsDrive inMetresPerSecondSquared() {
        unit = BrakingDetector.G;
        return this;
    }

    PhysicsDrive orientation(SyntheticRide.Orientation o) {
        orientation = o;
        return this;
    }

    /** The car's acceleration (g) at {@code t} before the stop at 0 speed is applied. */
    double accelerationG(double t) {
        double a = extra.applyAsDouble(t);
        if (t < calibrateS) {
            a += ((int) (t / 2)) % 2 == 0 ? 0.1 : -0.1;
        }
        for (double[] b : brakes) {
            a -= b[2] * trapezoid(t, b[0], b[1]);
        }
        return a;
    }

    private static double trapezoid(double t, double start, double duration) {
        double ramp = 0.2;
        if (t < start - ramp || t > start + duration + ramp) {
            return 0;
        }
        return Math.min(1, Math.min((t - start + ramp) / ramp, (start + duration + ramp - t) / ramp));
    }

    private static boolean within(List<double[]> spans, double t) {
        for (double[] s : spans) {
            if (t >= s[0] && t < s[1]) {
                return true;
            }
        }
        return false;
    }

    List<SensorReading> readings(long seed) {
        Random noise = new Random(seed);
        double dt = sampleDt;
        Random timing = new Random(seed + 1000);
        int n = (int) Math.round(durationS / dt);
        double[] speed = new double[n + 1];
        double[] accel = new double[n + 1];
        speed[0] = v0;
        for (int i = 0; i < n; i++) {
            double a = accelerationG(i * dt);
            accel[i] = speed[i] <= 0 && a < 0 ? 0 : a;
            speed[i + 1] = Math.max(0, speed[i] + accel[i] * BrakingDetector.G * dt);
        }
        List<SensorReading> out = new ArrayList<>();
        int fixStep = (int) Math.round(fixEveryS / dt);
        int lagSteps = (int) Math.round(lagS / dt);
        double lat = 40.7;
        for (int i = 0; i < n; i++) {
            double t = i * dt;
            long time = SyntheticRide.T0 + Math.round((t + jitter * dt * (2 * timing.nextDouble() - 1)) * 1000);
            lat += speed[i] * dt / 111_000;
            if (i % fixStep == 0 && !within(noFixes, t)) {
                double v = within(unknownSpeeds, t) ? -1
                        : Math.max(0, speed[Math.max(0, i - lagSteps)] + gpsNoise * noise.nextGaussian());
                out.add(new LocationFix(t, null, "r", "u", 0, lat, -73.9, "dr5ru", v, 5, time));
            }
            if (within(noSamples, t)) {
                continue;
            }
            double forward = accel[i];
            for (double[] j : jolts) {
                if (t >= j[0] && t < j[0] + j[1]) {
                    forward += j[2];
                }
            }
            double[] world = {forward, sideways.applyAsDouble(t), 1};
            SyntheticRide.Orientation o = orientation;
            out.add(new AccelerationSample(t, null, "r", "u",
                    unit * (dot(o.x(), world) + noiseG * noise.nextGaussian()),
                    unit * (dot(o.y(), world) + noiseG * noise.nextGaussian()),
                    unit * (dot(o.z(), world) + noiseG * noise.nextGaussian()), time));
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
