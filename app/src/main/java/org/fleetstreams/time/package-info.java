/**
 * Every event-time rule ({@code TimePolicy}): one {@code EventClock} per result over a task's two inputs,
 * {@code Silence} (when an input counts as idle), and {@code ReadingsInOrder} ({@code readings-in-order}: both
 * inputs merged in event-time order). Enters: valid readings. Leaves: the same readings, in event-time order.
 * Store: {@code readings-in-order-held}.
 */
package org.fleetstreams.time;
