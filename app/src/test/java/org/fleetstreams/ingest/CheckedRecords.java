package org.fleetstreams.ingest;

import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.FleetSerdes;
import org.fleetstreams.common.LocationFix;
import org.fleetstreams.common.SensorReading;

/** For processor tests: a reading as the input checks hand it on, keyed by ride, with its JSON bytes. */
public final class CheckedRecords {

    private CheckedRecords() {
    }

    public static Record<String, Object> of(SensorReading r) {
        byte[] raw = r instanceof LocationFix f ? FleetSerdes.locationFix().toBytes(f)
                : FleetSerdes.accelerationSample().toBytes((AccelerationSample) r);
        return new Record<>(r.rideId(), Checked.valid(r, raw), r.eventTime());
    }
}
