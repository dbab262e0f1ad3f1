package org.fleetstreams.join;

import org.fleetstreams.common.AccelerationSample;

/**
 * What the join keeps of an accelerometer sample: only what a joined record takes from it (the ride is the store's
 * key). The sample's id, uuid and offset are not in the course's joined record, so they are not kept: the sample
 * store's changelog, one record per input sample, is the app's largest, and this cuts its values from about 150 bytes
 * of the real data to 33.
 */
record JoinSample(long eventTime, double x, double y, double z) {

    static JoinSample of(AccelerationSample sample) {
        return new JoinSample(sample.eventTime(), sample.x(), sample.y(), sample.z());
    }
}
