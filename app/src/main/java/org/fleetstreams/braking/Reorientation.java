package org.fleetstreams.braking;

/**
 * The phone is being moved (handled): gravity follows fast until the reading is steady, then the forward axis is
 * turned along with gravity and no longer trusted. An event that only looked like a rotation (gravity ends where it
 * was) goes back to the decision.
 */
final class Reorientation {

    private Reorientation() {
    }

    static void startReorienting(DetectorState s, long t) {
        s.event.phase = BrakeEvent.REORIENTING;
        s.event.suspended = true;
        s.gravity.fast = s.gravity.g.clone();
        s.gravity.steadySince = t;
        s.fixes.intervalDirty = true;
        s.check.moved = true;
    }

    /** The phone is being moved: gravity follows fast until the reading is steady, then the axis follows gravity. */
    static void reorient(DetectorState s, long t, double dt, double[] r, double[] m, double leaveG) {
        GravityEstimate gr = s.gravity;
        BrakeEvent e = s.event;
        if (e.suspended && horizontalOff(m, gr.g) >= leaveG) {
            e.end = t; // still moving as a brake would, against the gravity from before
        }
        if (e.suspended) {
            double[] up = Vectors.unit(gr.g);
            double[] d = {m[0] - gr.g[0], m[1] - gr.g[1], m[2] - gr.g[2]};
            double v = Vectors.dot(d, up);
            e.settleVertical += v;
            e.settleHalfH2 += (Vectors.dot(d, d) - v * v) / 2;
        }
        double alpha = 1 - Math.exp(-dt / BrakingDetector.FAST_GRAVITY_S);
        double off = 0;
        for (int i = 0; i < 3; i++) {
            gr.fast[i] += alpha * (r[i] - gr.fast[i]);
            off += (m[i] - gr.fast[i]) * (m[i] - gr.fast[i]);
        }
        if (Math.sqrt(off) > BrakingDetector.STEADY_G) {
            gr.steadySince = t;
            return;
        }
        if ((t - gr.steadySince) / 1000.0 < BrakingDetector.STEADY_S) {
            return;
        }
        double[] before = Vectors.unit(gr.g);
        if (e.suspended && Vectors.angleDeg(before, gr.fast) < BrakingDetector.STOP_TURN_DEG && e.end - e.start > 300) {
            // Gravity is where it was: not a handling after all (or one that put the phone back). What moved may have
            // been a brake, which the GPS now decides.
            e.phase = BrakeEvent.ENDED;
            return;
        }
        if (e.suspended && !e.flat && EventSteps.mayLast(s, t, leaveG)
                && horizontalOff(gr.fast, gr.g) >= leaveG && flat(e)) {
            // The phone settled off gravity, but horizontally: a new attitude keeps the reading on the sphere (its
            // vertical part −|h|²/2), a sustained acceleration moves it off flat. Over the whole event, now seconds of
            // samples, the road's vertical shake (0.03-0.08 g at speed) that can make the first half second of a weak
            // brake look like a turn has averaged out: it was a long brake, and it goes on as one.
            e.flat = true;
            e.suspended = false;
            e.phase = BrakeEvent.IN_EVENT;
            return;
        }
        gr.reoriented(gr.fast);
        carryAxis(s, before, Vectors.unit(gr.g));
        e.phase = BrakeEvent.IDLE;
        e.suspended = false;
    }

    /**
     * The event's reading, from its onset through the settling, moved off gravity by less than {@value #FLAT_SHARE}
     * of a turned phone's vertical signature (as {@link PullAwayWatch} tells a pull-away from a turned phone).
     */
    static boolean flat(BrakeEvent e) {
        return -(e.sumVertical + e.settleVertical) < FLAT_SHARE * (e.sumHalfH2 + e.settleHalfH2);
    }

    static final double FLAT_SHARE = PullAwayWatch.ROTATION_SHARE;

    /** The horizontal part of {@code m} − {@code g} against {@code g} (g). */
    private static double horizontalOff(double[] m, double[] g) {
        double[] up = Vectors.unit(g);
        double[] d = {m[0] - g[0], m[1] - g[1], m[2] - g[2]};
        double v = Vectors.dot(d, up);
        return Math.sqrt(Math.max(0, Vectors.dot(d, d) - v * v));
    }

    /** Gravity turned from {@code before} to {@code after}: the axis turns along and is no longer trusted; refit. */
    static void carryAxis(DetectorState s, double[] before, double[] after) {
        ForwardAxis ax = s.axis;
        if (ax.source != ForwardAxis.FALLBACK) {
            double[] turned = Vectors.horizontalUnit(Vectors.rotateLike(ax.forward, before, after), after);
            if (turned != null) {
                ax.forward = turned;
                ax.source = ForwardAxis.STALE;
            } else {
                ax.source = ForwardAxis.FALLBACK;
            }
        }
        s.fits.reset();
        s.fixes.intervalDirty = true;
        s.check.moved = true;
    }
}
