package org.fleetstreams.replay.schedule;

import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.SensorKind;

/**
 * One row at its place in the replay.
 *
 * @param simSeconds      simulated seconds since the start of pass 0: what the pacer waits for
 * @param eventTimeMillis epoch milliseconds: replay epoch + pass shift + offset; record timestamp and JSON event_time
 * @param pass            0 for the first pass through the data set, 1 for the next loop, ...
 * @param reading         the row as read (original ride identity, event time not yet set)
 */
public record ScheduledReading(double simSeconds, long eventTimeMillis, int pass, SensorKind kind,
                               SensorReading reading) {
}
