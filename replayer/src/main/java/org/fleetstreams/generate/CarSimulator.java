package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.LocationFix;

/**
 * One synthetic car, stepped at 50 Hz. Accelerometer samples are in g in the phone's frame: the phone's rotation
 * applied to (forward, left, up) = (longitudinal, lateral, 1 g + vertical) plus road vibration and sensor noise,
 * rounded to 0.001 g like the real data. GPS fixes come every 1–4 s with speed noise, 5 % with speed −1.
 */
final class CarSimulator extends SyntheticCar {

    /** The step, s; the simulator's times are {@code step * DT}, the grid {@link CarScript} puts bumps on. */
    static final double DT = 0.02;
    /** A manoeuvre starts and ends at RAMP_FLOOR of its strength, rising by 1 per RAMP_S seconds to full strength. */
    private static final double RAMP_S = 0.1;
    private static final double RAMP_FLOOR = 0.2;
    /**
     * Seconds of full strength the two ramps of a manoeuvre (one of at least 0.16 s) leave out: each rises from 0.2
     * to 1 over 0.08 s, missing 0.8 x 0.08 / 2 = 0.032 s, so a manoeuvre of duration d acts as d - 0.064 s at full
     * strength.
     */
    static final double RAMP_DEFICIT_S = (1 - RAMP_FLOOR) * (1 - RAMP_FLOOR) * RAMP_S;

    final CarScript script;
    private final SplittableRandom rnd;
    /** The manoeuvres under way at each step, without scanning the whole script each time. */
    private final ActiveManoeuvres active;
    private double[][] phone;
    private double[][] handlingFrom;
    private double[] handlingAxis;
    private Manoeuvre handling;
    private int step;
    private double speed;
    private double heading;
    private double lat;
    private double lon;
    private double vibration;
    private double nextFix;
    /** Speed (m/s) at each manoeuvre's start, in script order, filled in as the simulation passes them. */
    final double[] onsetSpeeds;

    CarSimulator(SplittableRandom rnd, double durationS, long startEpochSeconds) {
        super(rnd, startEpochSeconds);
        this.rnd = rnd;
        this.script = CarScript.random(rnd, durationS);
        this.active = new ActiveManoeuvres(script.manoeuvres());
        this.phone = GeneratorPhysics.randomRotation(rnd);
        this.heading = rnd.nextDouble() * 360;
        this.lat = 37.70 + rnd.nextDouble() * 0.2;
        this.lon = -122.50 + rnd.nextDouble() * 0.2;
        this.nextFix = 0.5 + rnd.nextDouble();
        this.onsetSpeeds = new double[script.manoeuvres().size()];
        Arrays.fill(onsetSpeeds, Double.NaN);
        orientations.add(forwardRow(0));
    }

    @Override
    void advance(double endS, List<LocationFix> fixes, List<AccelerationSample> samples) {
        for (double t = step * DT; t < endS - 1e-9; t = ++step * DT) {
            double longitudinal = 0;
            double lateral = 0;
            double vertical = 0;
            for (int k = 0, under = active.at(t); k < under; k++) {
                int i = active.index(k);
                Manoeuvre m = script.manoeuvres().get(i);
                if (Double.isNaN(onsetSpeeds[i])) {
                    onsetSpeeds[i] = speed;
                }
                double shape = ramp(t - m.start(), m.end() - t);
                switch (m.kind()) {
                    case PULL_AWAY, ACCELERATE -> longitudinal += m.magnitude() * shape;
                    case HARSH_BRAKING, MILD_BRAKING -> longitudinal -= speed > 0.3 ? m.magnitude() * shape : 0;
                    case TURN -> lateral += m.magnitude() * shape;
                    case BUMP -> vertical += m.magnitude();
                    case HANDLING -> handle(m, t);
                }
            }
            vibration = 0.8 * vibration + 0.02 * rnd.nextGaussian() * Math.min(1, speed / 5);
            double[] world = {longitudinal, lateral, 1 + vertical + vibration};
            double[] reading = GeneratorPhysics.apply(phone, world);
            if (t >= nextFix) {
                fixes.add(fix(t));
                nextFix = t + 1 + rnd.nextDouble() * 3;
            }
            samples.add(new AccelerationSample(t, id, rideId, uuid, round(reading[0] + 0.01 * rnd.nextGaussian()),
                    round(reading[1] + 0.01 * rnd.nextGaussian()), round(reading[2] + 0.01 * rnd.nextGaussian()), 0));
            speed = Math.max(0, speed + longitudinal * GeneratorPhysics.G * DT);
            // heading is a compass course (clockwise from north, as lat += cos, lon += sin below); the lateral axis
            // points left, so a force to the left (positive) turns the car anticlockwise: the course decreases
            heading -= Math.toDegrees(lateral * GeneratorPhysics.G / Math.max(speed, 2)) * DT;
            double metres = speed * DT;
            lat += metres * Math.cos(Math.toRadians(heading)) / 111_320;
            lon += metres * Math.sin(Math.toRadians(heading)) / (111_320 * Math.cos(Math.toRadians(lat)));
        }
    }

    @Override
    List<String> truthRows() {
        List<String> rows = new ArrayList<>();
        List<Manoeuvre> list = script.manoeuvres();
        for (int i = 0; i < list.size(); i++) {
            Manoeuvre m = list.get(i);
            if (m.kind() != Manoeuvre.Kind.ACCELERATE) {
                if (!Double.isFinite(onsetSpeeds[i])) { // no step fell in it (CarScript puts every one on a step)
                    throw new IllegalStateException("no simulated speed at the start of ride " + rideId + "'s "
                            + m.kind().truth() + " at " + m.start() + " s (the simulation did not reach it)");
                }
                rows.add(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%.2f", m.kind().truth(), m.start(),
                        m.end(), m.magnitude(), onsetSpeeds[i]));
            }
        }
        return rows;
    }

    private LocationFix fix(double t) {
        double reported = rnd.nextDouble() < 0.05 ? -1 : Math.max(0, speed + 0.15 * rnd.nextGaussian());
        double fixLat = lat + 2 * rnd.nextGaussian() / 111_320;
        double fixLon = lon + 2 * rnd.nextGaussian() / 111_320;
        return new LocationFix(t, id, rideId, uuid, ((heading % 360) + 360) % 360, fixLat, fixLon,
                Geohash.encode(fixLat, fixLon, 12), reported, 5 + rnd.nextInt(11), 0);
    }

    /** The phone turns about a random axis during handling and stays in its new orientation. */
    private void handle(Manoeuvre m, double t) {
        if (handling != m) {
            handling = m;
            handlingFrom = phone;
            handlingAxis = GeneratorPhysics.randomUnit(rnd);
        }
        double progress = Math.min(1, (t - m.start() + DT) / m.duration());
        double[][] turn = GeneratorPhysics.axisAngle(handlingAxis, Math.toRadians(m.magnitude()) * progress);
        phone = GeneratorPhysics.multiply(handlingFrom, turn);
        if (progress >= 1 && orientations.get(orientations.size() - 1)[0] < m.start()) {
            orientations.add(forwardRow(m.end()));
        }
    }

    /** The world's forward direction in the phone frame now: the first column of the rotation. */
    private double[] forwardRow(double from) {
        return new double[] {from, phone[0][0], phone[1][0], phone[2][0]};
    }

    /**
     * Linear ramps at both ends of a manoeuvre (a brake does not reach its peak in one sample): 0.2 of full strength
     * at its start and end, full strength from 0.08 s in to 0.08 s before its end.
     */
    private static double ramp(double sinceStart, double untilEnd) {
        return Math.min(1, Math.min(sinceStart, untilEnd) / RAMP_S + RAMP_FLOOR);
    }

    /**
     * The speed (m/s) a PULL_AWAY, ACCELERATE or braking manoeuvre adds or takes away (unsigned), as {@link #advance}
     * integrates it: its magnitude times the ramp at each step {@code k * DT} in {@code [start, end)}, times G and DT.
     * What {@link CarScript} sizes a re-acceleration with, so that the car gets back to its cruising speed.
     */
    static double speedChange(Manoeuvre m) {
        double sum = 0;
        for (long k = (long) Math.floor(m.start() / DT); k * DT < m.end(); k++) {
            double t = k * DT;
            if (t >= m.start()) {
                sum += m.magnitude() * ramp(t - m.start(), m.end() - t);
            }
        }
        return sum * GeneratorPhysics.G * DT;
    }

    private static double round(double g) {
        return Math.round(g * 1000) / 1000.0;
    }

}
