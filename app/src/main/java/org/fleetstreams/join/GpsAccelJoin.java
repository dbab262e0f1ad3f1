package org.fleetstreams.join;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.fleetstreams.common.AccelerationSample;
import org.fleetstreams.common.JoinedReading;
import org.fleetstreams.common.LocationFix;

/**
 * The course's GPS x accelerometer join, per ride in event time: every accelerometer sample paired with every GPS
 * fix of the same ride whose event times differ by at most {@code timeDifference}. Out-of-order records are joined
 * while within {@code grace}; later ones are dropped by Kafka Streams and counted in its {@code dropped-records}
 * metric.
 *
 * <p>How late is too late: each side has its own window store, and each expires records by the stream time of
 * what was put into it. A late sample is dropped (and counted) once the accelerometer side has moved past its
 * window + grace, but it still joins a fix the GPS side has not expired yet. The tests pin both behaviours.
 *
 * <p>Both inputs are keyed by ride_id and co-partitioned (same partition count, same partitioner), so the join
 * needs no repartition topic. State: two window stores, {@code accel-gps-join-store-this/-other}, changelogged,
 * each retaining window size + grace, values in the binary {@link JoinStoreSerdes} formats.
 */
public final class GpsAccelJoin {

    public static final String NAME = "accel-gps-join";
    public static final String STORE = "accel-gps-join-store";

    private GpsAccelJoin() {
    }

    public static KStream<String, JoinedReading> join(KStream<String, AccelerationSample> accelerations,
                                                      KStream<String, LocationFix> locations,
                                                      Duration timeDifference, Duration grace) {
        return accelerations.join(locations, JoinedReading::of,
                JoinWindows.ofTimeDifferenceAndGrace(timeDifference, grace),
                StreamJoined.<String, AccelerationSample, LocationFix>with(Serdes.String(),
                                JoinStoreSerdes.accelerationSample(), JoinStoreSerdes.locationFix())
                        .withName(NAME)
                        .withStoreName(STORE));
    }
}
