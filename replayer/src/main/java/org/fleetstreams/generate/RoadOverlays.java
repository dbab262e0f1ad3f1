package org.fleetstreams.generate;

import java.util.ArrayList;
import java.util.List;

/** The potholes and road bumps a {@link PhysicsDriver} drives over, as forces on the car at a given time. */
final class RoadOverlays {

    private final List<double[]> overlays = new ArrayList<>(); // {start, magnitude, kind 0 pothole / 1 bump, width}

    /** A pothole at {@code at}: a drop, then a hit of {@code magnitude} g lasting {@code width} s, and a jolt. */
    void pothole(double at, double magnitude, double width) {
        overlays.add(new double[] {at, magnitude, 0, width});
    }

    /** A bump at {@code at}: the front axle's hit of {@code magnitude} g over {@code width} s, then the rear's. */
    void bump(double at, double magnitude, double width) {
        overlays.add(new double[] {at, magnitude, 1, width});
    }

    /** Pothole and bump forces at {@code t} for a car at speed {@code v} (m/s): {longitudinal, 0, vertical} in g. */
    double[] forces(double t, double v) {
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
}
