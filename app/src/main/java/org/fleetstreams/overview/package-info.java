/**
 * The state behind the REST API and the dashboard ({@code ride-overview-update}). Enters: fixes, alerts, final
 * summaries. Leaves: nothing (queried with interactive queries). Stores: {@code ride-overview},
 * {@code ride-overview-windows}.
 */
package org.fleetstreams.overview;
