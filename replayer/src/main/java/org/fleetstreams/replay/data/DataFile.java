package org.fleetstreams.replay.data;

import java.nio.file.Path;

/**
 * One validated Parquet file of the data set: one car's rows within one {@code t=} partition.
 *
 * @param partitionSeconds the partition's simulated time, parsed from its {@code t=SSS.S} folder name
 * @param minOffset        the smallest {@code offset} in the file (from the footer statistics). Rows can sit
 *                         a few tens of milliseconds below their folder's tick, so the scheduler opens a file
 *                         at this time, not at the tick.
 * @param maxOffset        the largest {@code offset} in the file
 */
public record DataFile(SensorKind kind, Path path, double partitionSeconds, double minOffset, double maxOffset,
                       long rowCount) {
}
