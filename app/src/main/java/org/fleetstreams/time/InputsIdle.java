package org.fleetstreams.time;

/**
 * From {@link ReadingsInOrder} to the processors with an {@link EventClock} (the join, the summaries): both inputs
 * of the task have delivered nothing for the idle time and the broker holds nothing more of either, so an input that
 * is behind (or never delivered at all) is idle, as one that went quiet while the other kept delivering. Without it, a
 * partition whose rides have GPS only, published at once, never had a clock: its records reached the clocks at one
 * wall-clock instant, so the silent input never counted as idle, and no window of the partition was ever final.
 */
public enum InputsIdle {
    INSTANCE
}
