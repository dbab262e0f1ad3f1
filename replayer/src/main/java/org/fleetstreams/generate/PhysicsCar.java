package org.fleetstreams.generate;

import java.util.List;
import java.util.SplittableRandom;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;

/**
 * The second, independent synthetic family ({@link Family#PHYSICS}): a driver and a car stepped at 100 Hz, a phone
 * ({@link PhoneModel}) sampled at 10, 25 or 50 Hz, and a GPS whose fixes report the car as it was about 1 s earlier.
 *
 * <p>Vehicle physics, in the road frame (x forward, y left, z up, g units): the accelerometer measures specific
 * force, {@code (a + sin(grade), v * yawRate, cos(grade) + vertical)}; the longitudinal acceleration follows the
 * driver's command through a 0.12 s first-order lag (brakes and powertrain do not act instantly); the body pitches
 * nose-down under braking (1–2.5°/g, a 1.4 Hz suspension) so gravity leaks onto the forward axis; the road grade
 * wanders (about ±3 %, over ~150 m); road roughness grows with speed; the engine idles at 22–32 Hz.
 *
 * <p>The driver: a stop (with the phone often handled while stopped), a gentle (0.08–0.15 g) or brisk (0.20–0.35 g)
 * pull-away that tapers towards the chosen speed, gentle speed changes, and the first harsh brake 15–60 s into the
 * ride, then one every 20–45 s (0.30–0.80 g for 0.5–4 s from whatever speed the car has, at least 6 m/s; it ends
 * early if the car stops). In between: mild braking (0.08–0.25 g, some to a stop), turns (0.10–0.35 g lateral),
 * potholes (a drop then a 0.8–1.3 g hit and a longitudinal jolt), road bumps (two axle hits of 0.3–0.7 g), phone
 * handling while moving (20–90° over 1–3 s, with hand acceleration), stops. The driver is {@link PhysicsDriver}, the
 * potholes and bumps {@link RoadOverlays}; this class steps the car and its sensors.
 */
final class PhysicsCar extends SyntheticCar {

    static final double G = GeneratorPhysics.G;
    private static final double DT = 0.01;
    private static final int HISTORY = 500;

    private final SplittableRandom rnd;
    private final PhoneModel phone;
    private final PhysicsDriver driver;
    private final int stepsPerSample;
    private final double gpsLag;
    private final double gpsSpeedNoise;
    private final double unknownSpeedShare;
    private final double pitchPerG;
    private final double idleHz;
    private final SensorTiming timing;
    private final double lat0;
    private final double lon0;
    private final double[] histV = new double[HISTORY];
    private final double[] histX = new double[HISTORY];
    private final double[] histY = new double[HISTORY];
    private final double[] histHeading = new double[HISTORY];
    private final double[] lastForce = new double[3];

    private long step;
    private double v;
    private double a;
    private double heading;
    private double x;
    private double y;
    private double grade;
    private double pitch;
    private double pitchRate;
    private final double[] rough = new double[3];
    private double nextFix;

    PhysicsCar(SplittableRandom rnd, double durationS, long startEpochSeconds, double unknownSpeedShare,
               SensorTiming timing) {
        super(rnd, startEpochSeconds);
        this.rnd = rnd;
        this.unknownSpeedShare = unknownSpeedShare;
        this.phone = new PhoneModel(rnd);
        double pick = rnd.nextDouble();
        this.timing = timing;
        // drawn whatever the timing, so that the rest of the car is the same car at another rate
        this.stepsPerSample = timing.phoneHz() > 0 ? 100 / timing.phoneHz()
                : pick < 0.5 ? 2 : pick < 0.75 ? 4 : 10; // 50, 25 or 10 Hz
        double perCar = 0.7 + rnd.nextDouble() * 0.6; // drawn whatever the timing, as the rate above
        this.gpsLag = timing.gpsLagS() == SensorTiming.LAG_PER_CAR ? perCar : timing.gpsLagS();
        this.gpsSpeedNoise = timing.gpsSpeedNoise();
        this.pitchPerG = Math.toRadians(1 + rnd.nextDouble() * 1.5);
        this.idleHz = 22 + rnd.nextDouble() * 10;
        this.lat0 = 37.3 + rnd.nextDouble() * 0.5;
        this.lon0 = -122.4 + rnd.nextDouble() * 0.5;
        this.heading = rnd.nextDouble() * 2 * Math.PI;
        this.grade = 0.03 * rnd.nextGaussian();
        this.nextFix = 0.2 + rnd.nextDouble() * 1.3;
        // Last: the driver draws its first harsh brake and its first stop from the same source, in this order.
        this.driver = new PhysicsDriver(rnd, phone, orientations, durationS);
    }

    @Override
    void advance(double endS, List<LocationFix> fixes, List<AccelerationSample> samples) {
        for (double t = step * DT; t < endS - 1e-9; t = ++step * DT) {
            if (driver.phaseOver(t, v)) {
                driver.nextPhase(t, v);
            }
            double cmd = driver.command(t, v);
            a += (cmd - a) * DT / 0.12;
            if (driver.stopped()) {
                a = 0;
            }
            double lateral = driver.lateral(t);
            double[] overlay = driver.road().forces(t, v);
            double speedG = Math.min(1, v / 3);
            for (int i = 0; i < 3; i++) {
                double sigma = i == 2 ? 0.004 + 0.0012 * v : 0.002 + 0.0005 * v;
                rough[i] = 0.85 * rough[i] + sigma * rnd.nextGaussian();
            }
            double idle = (0.004 + 0.006 * (1 - speedG)) * Math.sin(2 * Math.PI * idleHz * (1 + v / 15) * t);
            double[] road = {a / G + Math.sin(Math.atan(grade)) + rough[0] + overlay[0] + 0.3 * idle,
                    lateral / G + rough[1] + 0.3 * idle, Math.cos(Math.atan(grade)) + rough[2] + overlay[2] + idle};
            double[] body = {Math.cos(pitch) * road[0] - Math.sin(pitch) * road[2], road[1],
                    Math.sin(pitch) * road[0] + Math.cos(pitch) * road[2]};
            if (step == 0) {
                System.arraycopy(body, 0, lastForce, 0, 3);
            }
            if (step % stepsPerSample == 0) {
                double[] avg = {(body[0] + lastForce[0]) / 2, (body[1] + lastForce[1]) / 2, (body[2] + lastForce[2]) / 2};
                double[] r = phone.read(t, avg);
                double at = Math.round((t + (rnd.nextDouble() - 0.5) * 0.003) * 1e6) / 1e6;
                samples.add(new AccelerationSample(Math.max(0, at), id, rideId, uuid, r[0], r[1], r[2], 0));
            }
            System.arraycopy(body, 0, lastForce, 0, 3);
            if (t >= nextFix) {
                fixes.add(fix(t));
                nextFix = t + timing.gpsMinS() + rnd.nextDouble() * (timing.gpsMaxS() - timing.gpsMinS());
            }
            // the body pitches on its suspension (a damped spring, 1.4 Hz, damping ratio 0.5) towards -pitchPerG per g
            double pitchTarget = -pitchPerG * a / G;
            double w = 2 * Math.PI * 1.4;
            pitchRate += (w * w * (pitchTarget - pitch) - 2 * 0.5 * w * pitchRate) * DT;
            pitch += pitchRate * DT;
            v += a * DT;
            // A car at rest does not roll back, in any phase, a pull-away included: a brake ending a few cm/s short of
            // a stop hands over while its lagging deceleration still acts, and a negative distance would make the
            // grade's random walk below NaN for the rest of the ride.
            if (v <= 0) {
                v = 0;
                a = Math.max(0, a);
            }
            // heading is a compass course (clockwise from north: x east += sin, y north += cos); lateral is along the
            // left axis, so a force to the left (positive) turns the car anticlockwise: the course decreases
            heading -= lateral / Math.max(v, 1) * DT;
            double ds = v * DT;
            x += ds * Math.sin(heading);
            y += ds * Math.cos(heading);
            grade += -grade * ds / 150 + 0.03 * Math.sqrt(2 * ds / 150) * rnd.nextGaussian();
            grade = Math.max(-0.08, Math.min(0.08, grade));
            int h = (int) (step % HISTORY);
            histV[h] = v;
            histX[h] = x;
            histY[h] = y;
            histHeading[h] = heading;
        }
    }

    private LocationFix fix(double t) {
        int back = (int) Math.round(gpsLag / DT);
        int h = (int) (Math.max(0, step - back) % HISTORY);
        // a step's slot is written after this, with the car at the step's end (10 ms on): without lag, the car as it is
        // now (this step's slot still holds the step HISTORY before); with a lag, the car S - 10 ms before
        boolean now = back == 0;
        double speed = rnd.nextDouble() < unknownSpeedShare ? -1
                : Math.max(0, (now ? v : histV[h]) + gpsSpeedNoise * rnd.nextGaussian());
        double fy = (now ? y : histY[h]) + 3 * rnd.nextGaussian();
        double fx = (now ? x : histX[h]) + 3 * rnd.nextGaussian();
        double lat = lat0 + fy / 111_320;
        double lon = lon0 + fx / (111_320 * Math.cos(Math.toRadians(lat0)));
        double course = ((Math.toDegrees(now ? heading : histHeading[h]) % 360) + 360) % 360;
        return new LocationFix(t, id, rideId, uuid, course, lat, lon, Geohash.encode(lat, lon, 12), speed,
                4 + rnd.nextInt(13), 0);
    }

    @Override
    List<String> truthRows() {
        return driver.truthRows();
    }
}
