/**
 * Harsh-braking detection: the detector as pure functions over per-ride state ({@code BrakingDetector},
 * {@code DetectorState} and its parts), and its processor ({@code harsh-braking-detector}). Enters: readings in order.
 * Leaves: alerts (topic, summaries, overview), digests (summaries). Store: {@code harsh-braking-state}.
 */
package org.fleetstreams.braking;
