package org.fleetstreams.time;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.fleetstreams.common.FixesBefore;
import org.fleetstreams.common.SentBefore;

/**
 * The replayer's word to the merge on an input record, read into what the merge knows of its inputs and taken off the
 * record: {@link FixesBefore} on a sample (a promise about the GPS input: {@link FixPromises}) and {@link SentBefore} on
 * either (a claim about the other input: {@link SentClaims}). A reading's headers go with every output of it, and these
 * are about the inputs' offsets, which mean nothing downstream.
 */
final class ReplayerHeaders {

    private final MergedInput locations;
    private final MergedInput accelerations;
    private boolean trusted = true;

    ReplayerHeaders(MergedInput locations, MergedInput accelerations) {
        this.locations = locations;
        this.accelerations = accelerations;
    }

    /** Whether the headers are read ({@link ReadingsInOrder#FIXES_BEFORE_CONFIG}); they are taken off either way. */
    void trust(boolean on) {
        trusted = on;
    }

    /**
     * The record without the replayer's headers, what they say kept. A record without them (every record of any other
     * producer, and at max speed) is returned as it is; one with them costs a copy of its headers.
     */
    Record<String, Object> take(Record<String, Object> record, boolean location, long wallMs) {
        Headers headers = record.headers();
        Header promise = headers.lastHeader(FixesBefore.HEADER);
        Header sent = headers.lastHeader(SentBefore.HEADER);
        if (promise == null && sent == null) {
            return record;
        }
        if (trusted) {
            long promised = FixesBefore.of(promise);
            if (!location && promised != FixesBefore.NONE) {
                locations.promises.promised(promised, record.timestamp(), locations.next);
            }
            long claimed = SentBefore.of(sent);
            if (claimed != FixesBefore.NONE) {
                MergedInput other = location ? accelerations : locations;
                other.claims.claimed(claimed, record.timestamp(), other.next, wallMs);
            }
        }
        Headers rest = new RecordHeaders(headers.toArray());
        rest.remove(FixesBefore.HEADER);
        rest.remove(SentBefore.HEADER);
        return record.withHeaders(rest);
    }
}
