package org.fleetstreams.braking;

import org.fleetstreams.common.HarshBrakingAlert;

/**
 * The alert for an event decided to be a brake: its figures on the axis it was measured on (or the horizontal
 * magnitude), the speeds around it, and how sure the detector is. Also leaves the known speed at what the brake left
 * when no GPS speed has described the car after it yet.
 */
final class AccelerometerAlert {

    private AccelerometerAlert() {
    }

    static HarshBrakingAlert of(DetectorState s, String rideId, BrakeDecision decision) {
        BrakeEvent e = s.event;
        e.lastEnd = e.end;
        // On a fitted axis the longitudinal component is the deceleration; otherwise the axis may be off by up to
        // the cone angle, and the horizontal magnitude is the better figure. So is it when the event does not lie
        // along the fitted axis at all (a brake the GPS confirmed against an axis that disagrees, which a first fit
        // can): along that axis the brake reads near zero, or negative.
        double[] f = AxisCalibration.forward(s, Vectors.unit(s.gravity.g));
        boolean alongAxis = BrakeDecision.onAxis(e, f) && decision.withinCone(e, f);
        double peak = alongAxis ? e.peakLon : e.peakH;
        double mean = (alongAxis ? e.sumLon : e.sumH) / e.count;
        long duration = e.end - e.start;
        FixTrack x = s.fixes;
        Double after = !Double.isNaN(x.knownSpeed) && x.knownSpeedTime >= e.end - 500 ? x.knownSpeed : null;
        if (after == null && !Double.isNaN(x.knownSpeed)) {
            // The last GPS speed is from before the brake: the car is slower by what the brake took off. Without this,
            // a phone handled at the stop that follows reads against the speed before the brake, and the GPS "confirms"
            // the brake's own drop for it.
            // An old speed stays as old as it was (SpeedEstimate#fastEnough): lowered, it is not a new measurement.
            double left = SpeedEstimate.speedLeft(s); // NaN when the event had no speed before it
            if (!Double.isNaN(left)) {
                x.knownSpeed = Math.min(x.knownSpeed, Math.max(0, left));
                // What the car lost up to the brake's end is in the lowered speed now: the integral the speed gate
                // checks an old speed against (SpeedEstimate#fastEnough) starts there, or a second brake in a tunnel
                // finds the first one's loss counted twice and is gated out.
                s.fits.onSpeed(e.end, 0);
            }
            if (e.end - x.knownSpeedTime <= SpeedEstimate.staleMs(decision.config())) {
                x.knownSpeedTime = e.end + s.axis.lagOrDefault();
            }
            x.trend = 0;
        }
        boolean gpsConfirms = !Double.isNaN(e.confirmed) && e.confirmed >= BrakeDecision.GPS_RESCUE_SHARE;
        String confidence = e.calibrated && gpsConfirms ? HarshBrakingAlert.HIGH
                : e.calibrated || gpsConfirms ? HarshBrakingAlert.MEDIUM : HarshBrakingAlert.LOW;
        return new HarshBrakingAlert(rideId, e.start, e.end, duration, peak, mean,
                Double.isNaN(e.speedBefore) ? null : e.speedBefore, // no GPS speed at all (min.speed.mps 0)
                after, HarshBrakingAlert.severityOf(peak), confidence, HarshBrakingAlert.ACCELEROMETER,
                e.hasPlace ? e.lat : null, e.hasPlace ? e.lon : null);
    }
}
