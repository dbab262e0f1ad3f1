/**
 * Where records enter: source (parsed and checked by {@code CheckedSerde}), event time ({@code EventTimeExtractor},
 * {@code EventTimes}), key and timestamp checks ({@code CheckAndRoute}). Enters: raw input bytes. Leaves: valid readings
 * (with their original bytes) to {@code readings-in-order}; everything else to the dead-letter sink, and {@code Skipped} in
 * its place to {@code readings-in-order}. No store.
 */
package org.fleetstreams.ingest;
