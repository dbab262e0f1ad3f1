/**
 * Per-ride window summaries ({@code car-summary-windows}): panes on a {@code WindowGrid}, one final summary per ride
 * and window. Enters: readings in order, alerts and deceleration digests. Leaves: summaries; late records to the dead
 * letters. Store: {@code car-summary-store}.
 */
package org.fleetstreams.summary;
