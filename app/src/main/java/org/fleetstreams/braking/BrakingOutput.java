package org.fleetstreams.braking;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.fleetstreams.common.HarshBrakingAlert;

/**
 * What the detector emits: an alert, or (at each GPS fix) the largest smoothed deceleration since the previous fix,
 * which the window summaries fold into their peak deceleration.
 */
public record BrakingOutput(HarshBrakingAlert alert, Double peakDecelSinceLastFixG) {

    static BrakingOutput alert(HarshBrakingAlert alert) {
        return new BrakingOutput(alert, null);
    }

    static BrakingOutput digest(double peakDecelG) {
        return new BrakingOutput(null, peakDecelG);
    }

    @JsonIgnore // not a property: "alert" is the record component
    public boolean isAlert() {
        return alert != null;
    }
}
