package org.fleetstreams.summary;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fleetstreams.braking.BrakingOutput;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.LocationFix;

/**
 * One car's window in progress, as stored in {@code car-summary-store}. Immutable: each update returns a new one.
 *
 * <p>It keeps the window's fixes (GPS comes every 1–4 s, so at most a few dozen per window) rather than running
 * sums, because distance needs consecutive fixes in event-time order and records may arrive out of order within
 * the grace period. Accelerometer samples (50 Hz) are only counted.
 */
public record SummaryAccumulator(@JsonProperty("fixes") List<Fix> fixes,
                                 @JsonProperty("accel_samples") long accelSamples,
                                 @JsonProperty("peak_decel_g") double peakDecelG,
                                 @JsonProperty("alerts") int alerts) {

    /** A fix as the summary needs it. */
    public record Fix(@JsonProperty("t") long eventTime, @JsonProperty("lat") double latitude,
                      @JsonProperty("lon") double longitude, @JsonProperty("speed") double speed) {
    }

    public static SummaryAccumulator empty() {
        return new SummaryAccumulator(List.of(), 0, 0, 0);
    }

    public SummaryAccumulator add(LocationFix fix) {
        List<Fix> more = new ArrayList<>(fixes.size() + 1);
        more.addAll(fixes);
        more.add(new Fix(fix.eventTime(), fix.latitude(), fix.longitude(), fix.speed()));
        return new SummaryAccumulator(more, accelSamples, peakDecelG, alerts);
    }

    public SummaryAccumulator add(AccelerationSample sample) {
        return new SummaryAccumulator(fixes, accelSamples + 1, peakDecelG, alerts);
    }

    /** A braking detector output: an alert counts, a digest raises the peak deceleration. */
    public SummaryAccumulator add(BrakingOutput output) {
        if (output.isAlert()) {
            return new SummaryAccumulator(fixes, accelSamples, peakDecelG, alerts + 1);
        }
        return new SummaryAccumulator(fixes, accelSamples, Math.max(peakDecelG, output.peakDecelSinceLastFixG()), alerts);
    }

    /** The summary of this window; speed −1 (unknown) is left out of the speed statistics, not of the distance. */
    public CarSummary toSummary(String rideId, long windowStart, long windowEnd) {
        List<Fix> ordered = new ArrayList<>(fixes);
        ordered.sort(Comparator.comparingLong(Fix::eventTime));
        double distance = 0;
        for (int i = 1; i < ordered.size(); i++) {
            Fix a = ordered.get(i - 1);
            Fix b = ordered.get(i);
            distance += Haversine.metres(a.latitude(), a.longitude(), b.latitude(), b.longitude());
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        int known = 0;
        for (Fix f : ordered) {
            if (f.speed() >= 0) {
                sum += f.speed();
                max = Math.max(max, f.speed());
                known++;
            }
        }
        return new CarSummary(rideId, windowStart, windowEnd, ordered.size(), known == 0 ? null : sum / known,
                known == 0 ? null : max, distance, accelSamples, peakDecelG, alerts);
    }
}
