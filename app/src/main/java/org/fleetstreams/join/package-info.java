/**
 * The course's GPS x accelerometer join ({@code accel-gps-join}). Enters: readings in order. Leaves: joined pairs;
 * late records to the dead letters. Stores: {@code accel-gps-join-fixes}, {@code accel-gps-join-samples} (binary
 * {@code JoinStoreSerdes} values), {@code accel-gps-join-clock}.
 */
package org.fleetstreams.join;
