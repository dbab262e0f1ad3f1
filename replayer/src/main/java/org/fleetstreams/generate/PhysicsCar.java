package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * handling while moving (20–90° over 1–3 s, with hand acceleration), stops.
 */
final class PhysicsCar extends SyntheticCar {

    static final double G = 9.80665;
    private static final double DT = 0.01;
    private static final int HISTORY = 500;

    private enum Phase { STOP, PULL_AWAY, CRUISE, BRAKE, TURN }

    /** A truth row in the making. */
    private static final class Event {
        final String kind;
        final double start;
        double end;
        final double magnitude;
        final double speed;

        Event(String kind, double start, double end, double magnitude, double speed) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.magnitude = magnitude;
            this.speed = speed;
        }
    }

    private final SplittableRandom rnd;
    private final PhoneModel phone;
    private final List<Event> events = new ArrayList<>();
    private final int stepsPerSample;
    private final double gpsLag;
    private final double pitchPerG;
    private final double idleHz;
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
    private double nextHarsh;
    private final double firstHarsh;
    private final double durationS;
    private double harshMinSpeed;

    private Phase phase;
    private Event phaseEvent;
    private double phaseStart;
    private double phaseEnd;
    private double phaseG;
    private double target;
    private double ramp1;
    private double ramp2;
    private double wobbleHz;
    private double shiftEvery;
    private int turnSign;
    private final List<double[]> overlays = new ArrayList<>(); // {start, magnitude, kind 0 pothole / 1 bump, width}

    PhysicsCar(SplittableRandom rnd, double durationS, long startEpochSeconds) {
        super(rnd, startEpochSeconds);
        this.rnd = rnd;
        this.phone = new PhoneModel(rnd);
        double pick = rnd.nextDouble();
        this.stepsPerSample = pick < 0.5 ? 2 : pick < 0.75 ? 4 : 10; // 50, 25 or 10 Hz
        this.gpsLag = 0.7 + rnd.nextDouble() * 0.6;
        this.pitchPerG = Math.toRadians(1 + rnd.nextDouble() * 1.5);
        this.idleHz = 22 + rnd.nextDouble() * 10;
        this.lat0 = 37.3 + rnd.nextDouble() * 0.5;
        this.lon0 = -122.4 + rnd.nextDouble() * 0.5;
        this.heading = rnd.nextDouble() * 2 * Math.PI;
        this.grade = 0.03 * rnd.nextGaussian();
        this.nextFix = 0.2 + rnd.nextDouble() * 1.3;
        this.firstHarsh = 15 + rnd.nextDouble() * 45;
        this.nextHarsh = firstHarsh;
        this.durationS = durationS;
        this.harshMinSpeed = 6 + rnd.nextDouble() * 8;
        orientations.add(row(0, phone.forward()));
        startStop(0, 1 + rnd.nextDouble() * 5, 0.4);
    }

    @Override
    void advance(double endS, List<LocationFix> fixes, List<AccelerationSample> samples) {
        for (double t = step * DT; t < endS - 1e-9; t = ++step * DT) {
            if (phaseOver(t)) {
                nextPhase(t);
            }
            double cmd = command(t);
            a += (cmd - a) * DT / 0.12;
            if (phase == Phase.STOP) {
                a = 0;
            }
            double lateral = phase == Phase.TURN ? turnSign * phaseG * G * Math.sin(Math.PI * (t - phaseStart) / (phaseEnd - phaseStart)) : 0;
            double[] overlay = overlays(t);
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
                nextFix = t + 1 + rnd.nextDouble() * 3;
            }
            // integrate
            double pitchTarget = -pitchPerG * a / G;
            double w = 2 * Math.PI * 1.4;
            pitchRate += (w * w * (pitchTarget - pitch) - 2 * 0.5 * w * pitchRate) * DT;
            pitch += pitchRate * DT;
            v += a * DT;
            if (v <= 0 && phase != Phase.PULL_AWAY) {
                v = 0;
                a = Math.max(0, a);
            }
            heading += lateral / Math.max(v, 1) * DT;
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

    /** A harsh brake is due: its time has come, the car is fast enough, and the ride lasts long enough to see it. */
    private boolean harshDue(double t) {
        return t >= nextHarsh && (v >= harshMinSpeed || t > nextHarsh + 10 && v >= 6) && t < durationS - 6;
    }

    private boolean phaseOver(double t) {
        if (phase == Phase.BRAKE && v <= 0) {
            phaseEvent.end = t;
            return true;
        }
        if ((phase == Phase.CRUISE || phase == Phase.PULL_AWAY) && harshDue(t)) {
            if (phase == Phase.PULL_AWAY) {
                phaseEvent.end = t;
            }
            return true;
        }
        if (phase == Phase.PULL_AWAY) {
            if (v >= target - 0.1) {
                phaseEvent.end = t;
                return true;
            }
            return false;
        }
        return t >= phaseEnd;
    }

    private void nextPhase(double t) {
        Phase previous = phase;
        if (v < 0.05) {
            if (previous != Phase.STOP) {
                startStop(t, 2 + rnd.nextDouble() * 6, 0.4);
            } else {
                boolean brisk = rnd.nextDouble() < 0.4;
                startPullAway(t, brisk ? 0.20 + rnd.nextDouble() * 0.15 : 0.08 + rnd.nextDouble() * 0.07, "pull_away");
            }
        } else if (harshDue(t)) {
            startBrake(t, "harsh_braking", 0.30 + rnd.nextDouble() * 0.50, 0.5 + rnd.nextDouble() * 3.5);
            nextHarsh = phaseEnd + 20 + rnd.nextDouble() * 25;
            harshMinSpeed = 6 + rnd.nextDouble() * 8;
        } else if (previous == Phase.BRAKE || previous == Phase.TURN) {
            startPullAway(t, 0.06 + rnd.nextDouble() * 0.19, "accelerate");
        } else if (t < firstHarsh) {
            startCruise(t, 3 + rnd.nextDouble() * 5);
            double r = rnd.nextDouble();
            if (r < 0.15) {
                pothole(t);
            } else if (r < 0.25) {
                handleWhileMoving(t + 0.3);
            }
        } else {
            double r = rnd.nextDouble();
            if (r < 0.30) {
                startCruise(t, 2 + rnd.nextDouble() * 6);
            } else if (r < 0.45) {
                startBrake(t, "mild_braking", 0.08 + rnd.nextDouble() * 0.17, 1.5 + rnd.nextDouble() * 3.5);
            } else if (r < 0.57) {
                startTurn(t);
            } else if (r < 0.70) {
                startCruise(t, 2 + rnd.nextDouble() * 4);
                pothole(t);
            } else if (r < 0.78) {
                startCruise(t, 2 + rnd.nextDouble() * 4);
                bump(t);
            } else if (r < 0.88) {
                startCruise(t, 3 + rnd.nextDouble() * 3);
                handleWhileMoving(t + 0.3);
            } else {
                double g = 0.12 + rnd.nextDouble() * 0.13;
                startBrake(t, "mild_braking", g, v / (g * G) + 1);
            }
        }
    }

    private void startStop(double t, double duration, double handlingChance) {
        begin(Phase.STOP, t, duration);
        phaseEvent = null;
        if (rnd.nextDouble() < handlingChance) {
            double from = t + 0.3 + rnd.nextDouble() * 0.7;
            double d = 2 + rnd.nextDouble() * 3;
            boolean any = rnd.nextDouble() < 0.4;
            phone.handle(from, from + d, 30 + rnd.nextDouble() * 150, any);
            events.add(new Event("handling", from, from + d, phone.handlingAngle(), 0));
            orientations.add(row(from + d, afterHandling()));
            phaseEnd = Math.max(phaseEnd, from + d + 0.5 + rnd.nextDouble());
        }
    }

    private void startPullAway(double t, double g, String kind) {
        begin(Phase.PULL_AWAY, t, Double.POSITIVE_INFINITY);
        phaseG = g;
        target = Math.max(v + 3, 8 + rnd.nextDouble() * 22);
        shiftEvery = 2.5 + rnd.nextDouble() * 2.5;
        phaseEvent = new Event(kind, t, t, g, v);
        events.add(phaseEvent);
    }

    private void startCruise(double t, double duration) {
        double end = t + duration;
        if (nextHarsh > t + 0.5 && nextHarsh < end) {
            end = nextHarsh;
        }
        begin(Phase.CRUISE, t, end - t);
        target = Math.max(6, Math.min(30, v * (0.85 + rnd.nextDouble() * 0.3)));
        phaseG = 0.02 + rnd.nextDouble() * 0.06;
        phaseEvent = null;
    }

    private void startBrake(double t, String kind, double g, double duration) {
        begin(Phase.BRAKE, t, duration);
        phaseG = g;
        ramp1 = Math.min(0.3 * duration, 0.08 + rnd.nextDouble() * 0.22);
        ramp2 = Math.min(0.25 * duration, 0.08 + rnd.nextDouble() * 0.2);
        wobbleHz = 0.8 + rnd.nextDouble() * 1.5;
        phaseEvent = new Event(kind, t, t + duration, g, v);
        events.add(phaseEvent);
    }

    private void startTurn(double t) {
        double duration = 2 + rnd.nextDouble() * 4;
        begin(Phase.TURN, t, duration);
        phaseG = 0.10 + rnd.nextDouble() * 0.25;
        turnSign = rnd.nextBoolean() ? 1 : -1;
        phaseEvent = new Event("turn", t, t + duration, phaseG, v);
        events.add(phaseEvent);
    }

    private void begin(Phase p, double t, double duration) {
        phase = p;
        phaseStart = t;
        phaseEnd = t + duration;
    }

    /** A pothole somewhere in the current cruise, at least 0.5 s from its ends. */
    private void pothole(double t) {
        if (phaseEnd - t < 1) {
            return;
        }
        double at = t + 0.5 + rnd.nextDouble() * (phaseEnd - t - 1);
        double m = 0.8 + rnd.nextDouble() * 0.5;
        overlays.add(new double[] {at, m, 0, 0.03 + rnd.nextDouble() * 0.02});
        events.add(new Event("pothole", at, at + 0.3, m, v));
    }

    private void bump(double t) {
        if (phaseEnd - t < 1) {
            return;
        }
        double at = t + 0.5 + rnd.nextDouble() * (phaseEnd - t - 1);
        double m = 0.3 + rnd.nextDouble() * 0.4;
        overlays.add(new double[] {at, m, 1, 0.15 + rnd.nextDouble() * 0.15});
        events.add(new Event("bump", at, at + 0.3 + 2.7 / Math.max(v, 2), m, v));
    }

    private void handleWhileMoving(double from) {
        double d = 1 + rnd.nextDouble() * 2;
        if (from + d > nextHarsh - 1.5) {
            return;
        }
        phone.handle(from, from + d, 20 + rnd.nextDouble() * 70, false);
        events.add(new Event("handling", from, from + d, phone.handlingAngle(), v));
        orientations.add(row(from + d, afterHandling()));
        phaseEnd = Math.max(phaseEnd, from + d + 0.5);
    }

    private double[] afterHandling() {
        return phone.forwardAfterHandling();
    }

    /** The driver's longitudinal command, m/s². */
    private double command(double t) {
        double s = t - phaseStart;
        return switch (phase) {
            case STOP -> 0;
            case PULL_AWAY -> {
                double taper = Math.max(0.15, 1 - Math.pow(v / target, 3));
                double shift = (s % shiftEvery) > shiftEvery - 0.35 ? 0.3 : 1;
                yield phaseG * G * Math.min(1, s / 0.8) * taper * shift;
            }
            case CRUISE -> Math.max(-phaseG * G, Math.min(phaseG * G, 0.3 * (target - v)));
            case TURN -> -0.02 * G;
            case BRAKE -> {
                double d = phaseEnd - phaseStart;
                double shape = Math.min(1, Math.min(s / ramp1, (d - s) / ramp2));
                yield -phaseG * G * Math.max(0, shape) * (1 + 0.06 * Math.sin(2 * Math.PI * wobbleHz * s));
            }
        };
    }

    /** Pothole and bump forces now: {longitudinal, 0, vertical} in g. */
    private double[] overlays(double t) {
        double[] f = new double[3];
        for (double[] o : overlays) {
            double s = t - o[0];
            if (s < 0 || s > 1.5) {
                continue;
            }
            double m = o[1];
            if (o[2] == 0) {
                double w = o[3];
                f[2] += s < 0.03 ? -0.4 * m : s < 0.03 + w ? m
                        : 0.3 * m * Math.exp(-(s - 0.03 - w) / 0.35) * Math.sin(2 * Math.PI * 2 * (s - 0.03 - w));
                f[0] += s >= 0.03 && s < 0.07 ? -0.35 * m : s >= 0.07 && s < 0.11 ? 0.2 * m : 0;
            } else {
                double w = o[3];
                double rear = 2.7 / Math.max(v, 2);
                if (s < w) {
                    f[2] += m * Math.sin(Math.PI * s / w);
                    f[0] -= 0.1 * m * Math.sin(Math.PI * s / w);
                } else if (s >= rear && s < rear + w) {
                    f[2] += 0.8 * m * Math.sin(Math.PI * (s - rear) / w);
                }
            }
        }
        return f;
    }

    private LocationFix fix(double t) {
        int back = (int) Math.round(gpsLag / DT);
        int h = (int) (Math.max(0, step - back) % HISTORY);
        double speed = rnd.nextDouble() < 0.03 ? -1 : Math.max(0, histV[h] + 0.2 * rnd.nextGaussian());
        double fy = histY[h] + 3 * rnd.nextGaussian();
        double fx = histX[h] + 3 * rnd.nextGaussian();
        double lat = lat0 + fy / 111_320;
        double lon = lon0 + fx / (111_320 * Math.cos(Math.toRadians(lat0)));
        double course = ((Math.toDegrees(histHeading[h]) % 360) + 360) % 360;
        return new LocationFix(t, id, rideId, uuid, course, lat, lon, Geohash.encode(lat, lon, 12), speed,
                4 + rnd.nextInt(13), 0);
    }

    private static double[] row(double from, double[] forward) {
        return new double[] {from, forward[0], forward[1], forward[2]};
    }

    @Override
    List<String> truthRows() {
        List<String> rows = new ArrayList<>();
        for (Event e : events) {
            if (e.start < durationS) {
                rows.add(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%.2f", e.kind, e.start, Math.min(e.end, durationS),
                        e.magnitude, e.speed));
            }
        }
        return rows;
    }
}
