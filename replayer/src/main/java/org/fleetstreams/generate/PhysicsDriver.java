package org.fleetstreams.generate;

import static org.fleetstreams.generate.PhysicsCar.G;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The driver of a {@link PhysicsCar}: which manoeuvre comes next, the longitudinal and lateral command it gives, the
 * potholes, bumps and phone handling along the way, and the ground-truth row of each (see {@link PhysicsCar} for the
 * ranges). It draws from the car's random source in the car's order, so a seed gives the same ride.
 *
 * <p>Every entry point takes the car's speed now, {@code v} (m/s); the helpers read it from {@link #v}.
 */
final class PhysicsDriver {

    enum Phase { STOP, PULL_AWAY, CRUISE, BRAKE, TURN }

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
    private final List<double[]> orientations;
    private final RoadOverlays road = new RoadOverlays();
    private final List<Event> events = new ArrayList<>();
    private final double firstHarsh;
    private final double durationS;
    private double nextHarsh;
    private double harshMinSpeed;
    private double v;

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

    /** Starts with a stop at offset 0; {@code orientations} is the car's, where handling adds rows. */
    PhysicsDriver(SplittableRandom rnd, PhoneModel phone, List<double[]> orientations, double durationS) {
        this.rnd = rnd;
        this.phone = phone;
        this.orientations = orientations;
        this.firstHarsh = 15 + rnd.nextDouble() * 45;
        this.nextHarsh = firstHarsh;
        this.durationS = durationS;
        this.harshMinSpeed = 6 + rnd.nextDouble() * 8;
        orientations.add(row(0, phone.forward()));
        startStop(0, 1 + rnd.nextDouble() * 5, 0.4);
    }

    RoadOverlays road() {
        return road;
    }

    boolean stopped() {
        return phase == Phase.STOP;
    }

    /** The lateral acceleration of a turn now, m/s² (0 outside turns). */
    double lateral(double t) {
        return phase == Phase.TURN ? turnSign * phaseG * G * Math.sin(Math.PI * (t - phaseStart) / (phaseEnd - phaseStart)) : 0;
    }

    /** A harsh brake is due: its time has come, the car is fast enough, and the ride lasts long enough to see it. */
    private boolean harshDue(double t) {
        return t >= nextHarsh && (v >= harshMinSpeed || t > nextHarsh + 10 && v >= 6) && t < durationS - 6;
    }

    boolean phaseOver(double t, double speed) {
        v = speed;
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

    void nextPhase(double t, double speed) {
        v = speed;
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
            orientations.add(row(from + d, phone.forwardAfterHandling()));
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
        road.pothole(at, m, 0.03 + rnd.nextDouble() * 0.02);
        events.add(new Event("pothole", at, at + 0.3, m, v));
    }

    private void bump(double t) {
        if (phaseEnd - t < 1) {
            return;
        }
        double at = t + 0.5 + rnd.nextDouble() * (phaseEnd - t - 1);
        double m = 0.3 + rnd.nextDouble() * 0.4;
        road.bump(at, m, 0.15 + rnd.nextDouble() * 0.15);
        events.add(new Event("bump", at, at + 0.3 + 2.7 / Math.max(v, 2), m, v));
    }

    private void handleWhileMoving(double from) {
        double d = 1 + rnd.nextDouble() * 2;
        if (from + d > nextHarsh - 1.5) {
            return;
        }
        phone.handle(from, from + d, 20 + rnd.nextDouble() * 70, false);
        events.add(new Event("handling", from, from + d, phone.handlingAngle(), v));
        orientations.add(row(from + d, phone.forwardAfterHandling()));
        phaseEnd = Math.max(phaseEnd, from + d + 0.5);
    }

    /** The driver's longitudinal command, m/s². */
    double command(double t, double speed) {
        v = speed;
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

    private static double[] row(double from, double[] forward) {
        return new double[] {from, forward[0], forward[1], forward[2]};
    }

    /** {@code kind,start,end,magnitude,speed} of every manoeuvre that started within the ride. */
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
