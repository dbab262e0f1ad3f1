package org.fleetstreams.overview;

import org.fleetstreams.common.CarSummary;
import org.fleetstreams.common.HarshBrakingAlert;
import org.fleetstreams.common.LocationFix;

/** One record for the overview processor: exactly one of the three is set. Never serialized (in-task only). */
record OverviewInput(LocationFix fix, HarshBrakingAlert alert, CarSummary summary) {

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
