package org.fleetstreams.time;

import java.util.List;

/**
 * The children of {@link ReadingsInOrder} and what each takes from it. Every child takes the GPS fixes in event-time
 * order; the accelerometer samples, 98 % of the input at 50 Hz against GPS every 1-4 s, go only to the children named
 * in {@code samples}.
 *
 * <p>Why name them: a child that has no use for samples (the ride overview reads fixes, alerts and summaries) still
 * cost Kafka Streams' forwarding work for each one (its record context, and for a child with no children of its own
 * the end-to-end latency metric's bookkeeping): part of the 5 % of the stream thread that went to the merge's forwards
 * in a catch-up (docs/benchmarks.md, twenty-seventh session). {@code FleetTopology} checks that every other child of
 * the merge is one it declares fix-only, so a new child cannot be left without samples by mistake.
 *
 * @param onArrival a child that also takes every record as it comes, as an {@link Arrival}, or null
 * @param clocks    the children with an {@link EventClock}: they are told when both inputs are idle ({@link InputsIdle})
 * @param stops     the children told when the inputs stopped ({@link ReadingsStopped}): those that wait for a ride's
 *                  own later records
 * @param samples   the children that take the samples, in the order they take each one (that of the topology, so
 *                  that a child also fed by an earlier one, as the summaries are by the detector, sees a sample after
 *                  what the earlier one made of it, as with {@code forward} to every child); null: every child
 */
public record MergeReaders(String onArrival, List<String> clocks, List<String> stops, List<String> samples) {

    public MergeReaders {
        clocks = List.copyOf(clocks);
        stops = List.copyOf(stops);
        samples = samples == null ? null : List.copyOf(samples);
    }

    /** Every child takes every record; {@code clocks} are told when both inputs are idle, none when they stop. */
    public static MergeReaders all(String onArrival, List<String> clocks) {
        return new MergeReaders(onArrival, clocks, List.of(), null);
    }
}
