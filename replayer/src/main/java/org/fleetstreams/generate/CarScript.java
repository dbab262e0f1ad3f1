package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A car's scripted drive, deterministic from its random stream: pull away from a stop, then cruising broken by
 * manoeuvres every 6–14 s. Braking is followed by accelerating back to cruising speed.
 *
 * <p>Harsh braking: 0.30–0.70 g for 0.5–4 s (shortened so the car does not stop dead); mild braking: 0.15–0.25 g;
 * turns: 0.2–0.3 g lateral for 3–6 s; bumps: one 10–20 ms vertical spike of 0.5–1.5 g; handling: the phone turns
 * by 30–90 degrees over 1–2 s.
 */
public final class CarScript {

    private final List<Manoeuvre> manoeuvres;
    private final double cruiseSpeed;

    private CarScript(List<Manoeuvre> manoeuvres, double cruiseSpeed) {
        this.manoeuvres = manoeuvres;
        this.cruiseSpeed = cruiseSpeed;
    }

    public static CarScript random(SplittableRandom rnd, double durationS) {
        double cruise = 10 + rnd.nextDouble() * 12; // 10–22 m/s
        List<Manoeuvre> list = new ArrayList<>();
        double pullAway = 0.10 + rnd.nextDouble() * 0.10;
        double pullAwayTime = cruise / (pullAway * GeneratorPhysics.G);
        list.add(new Manoeuvre(Manoeuvre.Kind.PULL_AWAY, 1.0, pullAwayTime, pullAway));
        double t = 1.0 + pullAwayTime + 3 + rnd.nextDouble() * 5;
        while (t < durationS - 8) {
            double pick = rnd.nextDouble();
            Manoeuvre m;
            if (pick < 0.30) {
                double g = 0.30 + rnd.nextDouble() * 0.40;
                double d = 0.5 + rnd.nextDouble() * 3.5;
                d = Math.min(d, 0.8 * cruise / (g * GeneratorPhysics.G)); // keep moving: no dead stop
                m = new Manoeuvre(Manoeuvre.Kind.HARSH_BRAKING, t, d, g);
            } else if (pick < 0.50) {
                double g = 0.15 + rnd.nextDouble() * 0.10;
                m = new Manoeuvre(Manoeuvre.Kind.MILD_BRAKING, t, 1.5 + rnd.nextDouble() * 2.5, g);
            } else if (pick < 0.65) {
                m = new Manoeuvre(Manoeuvre.Kind.TURN, t, 3 + rnd.nextDouble() * 3, 0.2 + rnd.nextDouble() * 0.1);
            } else if (pick < 0.85) {
                m = new Manoeuvre(Manoeuvre.Kind.BUMP, t, 0.01 + rnd.nextDouble() * 0.01, 0.5 + rnd.nextDouble());
            } else {
                m = new Manoeuvre(Manoeuvre.Kind.HANDLING, t, 1 + rnd.nextDouble(), 30 + rnd.nextDouble() * 60);
            }
            list.add(m);
            t = m.end();
            if (m.kind() == Manoeuvre.Kind.HARSH_BRAKING || m.kind() == Manoeuvre.Kind.MILD_BRAKING) {
                double lost = m.magnitude() * GeneratorPhysics.G * m.duration();
                double back = 0.12;
                double d = lost / (back * GeneratorPhysics.G);
                list.add(new Manoeuvre(Manoeuvre.Kind.ACCELERATE, t + 1, d, back));
                t += 1 + d;
            }
            t += 6 + rnd.nextDouble() * 8;
        }
        return new CarScript(List.copyOf(list), cruise);
    }

    public List<Manoeuvre> manoeuvres() {
        return manoeuvres;
    }

    public double cruiseSpeed() {
        return cruiseSpeed;
    }
}
