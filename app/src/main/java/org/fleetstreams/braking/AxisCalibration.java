package org.fleetstreams.braking;

/**
 * Which way is forward in the phone's frame: the axis fitted from the lag fits ({@link LagFits}) once it explains
 * the GPS speed changes well enough, a provisional one before that, else the phone's −z axis (a phone filming the
 * road points its back camera forward).
 */
final class AxisCalibration {

    /** The GPS speed change (g) behind a provisional axis. */
    static final double PROVISIONAL_EXCITATION_G = 0.08;

    private static final double[] FALLBACK_FORWARD = {0, 0, -1};

    private AxisCalibration() {
    }

    /**
     * Refits the forward axis from the lag fits: the best-explained lag, if good enough. Before that, a provisional
     * axis from the first speed change the GPS saw (one pull-away or brake interval is enough for a direction): it
     * replaces the −z guess, or an axis carried over a handling (turned with gravity: its tilt follows, its heading
     * is a guess, since a turn about the vertical moves no gravity), where the GPS cannot decide an event, and is never
     * trusted on its own.
     */
    static void calibrate(DetectorState s, BrakingConfig config) {
        LagFits.Best b = s.fits.best(config.minCalibrationPairs(), config.minExcitationG());
        if (b == null) {
            ForwardAxis ax = s.axis;
            LagFits.Best p = ax.source == ForwardAxis.FALLBACK || ax.source == ForwardAxis.PROVISIONAL || ax.source == ForwardAxis.STALE
                    ? s.fits.best(1, PROVISIONAL_EXCITATION_G) : null;
            double[] horizontal = p == null ? null : Vectors.horizontalUnit(p.w(), Vectors.unit(s.gravity.g));
            if (horizontal != null && p.r2() >= config.minR2() && !turnsDuringEvent(s, horizontal)) {
                ax.source = ForwardAxis.PROVISIONAL;
                ax.forward = horizontal;
            }
            return;
        }
        double[] horizontal = Vectors.horizontalUnit(b.w(), Vectors.unit(s.gravity.g));
        if (b.r2() >= config.minR2() && horizontal != null) {
            ForwardAxis ax = s.axis;
            ax.source = ForwardAxis.CALIBRATED;
            ax.r2 = b.r2();
            ax.forward = horizontal;
            ax.lagMs = b.lagMs();
            ax.pairs = b.pairs();
        }
    }

    /**
     * A provisional axis would turn round (more than 90°) while an event is open. One fix pair can set a provisional
     * axis, and the pair that ends during or just after an event has the event's own samples in its interval, read
     * against a GPS speed that, a second late, still describes the car before it: a brake after a pull-away, the GPS
     * still seeing the car gain, turns the axis round, and the brake then points forward and is decided as no brake.
     * Cars do not turn round in a second, so that refit is skipped. The pair stays in the fits (they forget slowly), so
     * a refit at a later fix, once the event is decided, may still turn the axis. A fitted axis has its own rule
     * ({@code BrakeDecision.onAxis}). The pull-away's axis ({@link #fromPullAway}) keeps to the same rule (no figure
     * changed by that); an axis carried over a handling is not held (measured worse). PHYSICS seeds 3000-3011: recall
     * 0.958 → 0.960; 8042 0.966 → 0.968; 100 Hz phones 0.958 → 0.961; a 2 s GPS lag 0.920 → 0.924; no false alert
     * added (docs/harsh-braking.md).
     */
    static boolean turnsDuringEvent(DetectorState s, double[] horizontal) {
        int phase = s.event.phase;
        boolean open = phase == BrakeEvent.IN_EVENT || phase == BrakeEvent.ENDED;
        return open && s.axis.source == ForwardAxis.PROVISIONAL && Vectors.dot(horizontal, s.axis.forward) < 0;
    }

    /**
     * The GPS has seen the car moving after a pull-away the accelerometer watched from a stop
     * ({@link PullAwayWatch}): the pull-away's horizontal acceleration points forward (cars pull away
     * forwards), a direct measurement that replaces the −z guess, or an axis only carried over a phone handling
     * (turned with gravity, its heading a guess), as a provisional axis. Not a fitted one: that is better measured.
     */
    static void fromPullAway(DetectorState s) {
        ForwardAxis ax = s.axis;
        double[] sum = s.gravity.watch.pullSum;
        double[] horizontal = Vectors.horizontalUnit(sum, Vectors.unit(s.gravity.g));
        if (ax.source != ForwardAxis.CALIBRATED && horizontal != null
                && Vectors.norm(sum) * BrakingDetector.G >= PULL_AWAY_AXIS_MPS && !turnsDuringEvent(s, horizontal)) {
            ax.source = ForwardAxis.PROVISIONAL;
            ax.forward = horizontal;
        }
    }

    /** The least speed (m/s) a watched pull-away must have gained to give a direction. */
    static final double PULL_AWAY_AXIS_MPS = 1.0;

    /** The forward axis in use, horizontal against current gravity: fitted or carried over, else the −z fallback. */
    static double[] forward(DetectorState s, double[] up) {
        return Vectors.horizontalUnit(s.axis.source == ForwardAxis.FALLBACK ? FALLBACK_FORWARD : s.axis.forward, up);
    }
}
