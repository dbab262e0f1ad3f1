package org.fleetstreams.time;

import org.fleetstreams.ingest.Checked;

/**
 * A valid reading as it reaches {@link ReadingsInOrder}, held or not: what the merge forwards as it comes to
 * the one reader that needs no event-time order to get its records right, only to get its clock right (the join,
 * which pairs each record as soon as its partner is there). The same record reaches that reader again, unwrapped,
 * when the merge lets it go in event-time order; the reader moves its clock then.
 *
 * @param checked the reading, as the check passed it on
 */
public record Arrival(Checked<?> checked) {
}
