package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The potholes and road bumps a {@link PhysicsDriver} drives over, as forces on the car at a given time.
 *
 * <p>An overlay acts for {@value #LASTS} s from its start. {@link #forces} skips the overlays that are over for good
 * rather than scanning every overlay of the ride at every 10 ms step, which made a ride's cost grow with the square
 * of its length. Over for good: the time only moves forward (refused otherwise), and {@code t - start > LASTS} stays
 * true as {@code t} grows (floating-point subtraction is monotonic). Only a leading run of such overlays is skipped,
 * and the rest are summed in the order they were added, as the full scan did: the driver adds an overlay up to a few
 * seconds ahead, not necessarily in order of start (a pothole placed late in a cruise that a harsh brake cuts short
 * can start after the next phase's), so the overlays after the first live one are checked one by one; there are
 * only ever a few.
 */
final class RoadOverlays {

    /** Seconds from its start during which an overlay's forces are computed (after that, none). */
    private static final double LASTS = 1.5;

    private final List<double[]> overlays = new ArrayList<>(); // {start, magnitude, kind 0 pothole / 1 bump, width}
    /** Every overlay before this one was over at the last time asked. */
    private int firstLive;
    private double last = Double.NEGATIVE_INFINITY;

    /** A pothole at {@code at}: a drop, then a hit of {@code magnitude} g lasting {@code width} s, and a jolt. */
    void pothole(double at, double magnitude, double width) {
        overlays.add(new double[] {at, magnitude, 0, width});
    }

    /** A bump at {@code at}: the front axle's hit of {@code magnitude} g over {@code width} s, then the rear's. */
    void bump(double at, double magnitude, double width) {
        overlays.add(new double[] {at, magnitude, 1, width});
    }

    /**
     * Pothole and bump forces at {@code t} for a car at speed {@code v} (m/s): {longitudinal, 0, vertical} in g.
     *
     * @throws IllegalArgumentException if {@code t} is before the last time asked
     */
    double[] forces(double t, double v) {
        if (t < last) {
            throw new IllegalArgumentException("the time went back from " + last + " to " + t);
        }
        last = t;
        while (firstLive < overlays.size() && t - overlays.get(firstLive)[0] > LASTS) {
            firstLive++;
        }
        double[] f = new double[3];
        for (int i = firstLive; i < overlays.size(); i++) {
            double[] o = overlays.get(i);
            double s = t - o[0];
            if (s < 0 || s > LASTS) {
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
}
