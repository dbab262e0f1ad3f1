package org.fleetstreams.overview;

import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.admin.ClosingRecords;
import org.fleetstreams.ingest.Checked;

/** One record for the overview processor: exactly one of the three is set. Never serialized (in-task only). */
record OverviewInput(LocationFix fix, HarshBrakingAlert alert, CarSummary summary) {

    /**
     * What the overview takes from one record of its parents: a valid fix (not a closing record's), an alert or a
     * window summary; null for anything else (accelerometer samples pass by). A closing record is told by its ride id,
     * as everywhere else: told by its 0°, 0°, a real ride's fix there (a device's "no fix") was left out here while
     * the summaries counted it.
     */
    static OverviewInput of(Object value) {
        if (value instanceof Checked<?> checked && checked.value() instanceof LocationFix fix) {
            return ClosingRecords.isClosing(fix.rideId()) ? null : of(fix);
        }
        if (value instanceof HarshBrakingAlert alert) {
            return of(alert);
        }
        return value instanceof CarSummary summary ? of(summary) : null;
    }

    static OverviewInput of(LocationFix fix) {
        return new OverviewInput(fix, null, null);
    }

    static OverviewInput of(HarshBrakingAlert alert) {
        return new OverviewInput(null, alert, null);
    }

    static OverviewInput of(CarSummary summary) {
        return new OverviewInput(null, null, summary);
    }
}
