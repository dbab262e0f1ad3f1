package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A car's scripted drive, deterministic from its random stream: pull away from a stop, then cruising broken by
 * manoeuvres every 6–14 s. Braking is followed by accelerating (at 0.12 g) back to cruising speed.
 *
 * <p>Harsh braking: 0.30–0.70 g for 0.5–4 s (shortened so the car does not stop dead); mild braking: 0.15–0.25 g;
 * turns (to the left): 0.2–0.3 g lateral for 3–6 s; bumps: one 10–20 ms vertical spike of 0.5–1.5 g, starting on
 * one of {@link CarSimulator}'s 20 ms steps so that a sample sees it; handling: the phone turns by 30–90 degrees over
 * 1–2 s.
 *
 * <p>The speed: every manoeuvre ramps up and down ({@link CarSimulator#RAMP_DEFICIT_S}), so the pull-away lasts
 * that much longer than cruise / acceleration, and each re-acceleration is sized from the speed the car has as
 * {@link CarSimulator} integrates it ({@link CarSimulator#speedChange}): the car gets back to its cruising speed
 * after every brake instead of gaining a little each time (it used to: 0.064 x G x (g - 0.12) m/s per brake of g,
 * some 17 m/s an hour). None of this draws a random number.
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
        double pullAwayTime = cruise / (pullAway * GeneratorPhysics.G) + CarSimulator.RAMP_DEFICIT_S;
        Manoeuvre first = new Manoeuvre(Manoeuvre.Kind.PULL_AWAY, 1.0, pullAwayTime, pullAway);
        list.add(first);
        double speed = CarSimulator.speedChange(first); // the speed as simulated, within ~0.01 m/s of cruise
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
                // on a step: a 10–20 ms spike between two 20 ms steps would be labelled but never sampled
                double onStep = Math.ceil(t / CarSimulator.DT) * CarSimulator.DT;
                m = new Manoeuvre(Manoeuvre.Kind.BUMP, onStep, 0.01 + rnd.nextDouble() * 0.01, 0.5 + rnd.nextDouble());
            } else {
                m = new Manoeuvre(Manoeuvre.Kind.HANDLING, t, 1 + rnd.nextDouble(), 30 + rnd.nextDouble() * 60);
            }
            list.add(m);
            t = m.end();
            if (m.kind() == Manoeuvre.Kind.HARSH_BRAKING || m.kind() == Manoeuvre.Kind.MILD_BRAKING) {
                speed -= CarSimulator.speedChange(m);
                double back = 0.12;
                // long enough for its ramped strength to make up what is missing to the cruising speed
                double d = (cruise - speed) / (back * GeneratorPhysics.G) + CarSimulator.RAMP_DEFICIT_S;
                Manoeuvre accelerate = new Manoeuvre(Manoeuvre.Kind.ACCELERATE, t + 1, d, back);
                list.add(accelerate);
                speed += CarSimulator.speedChange(accelerate);
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
