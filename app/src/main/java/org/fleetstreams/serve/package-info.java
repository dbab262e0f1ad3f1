/**
 * Serving: the HTTP server (JDK built-in), REST endpoints over interactive queries with forwarding between instances,
 * the dashboard's static files and Prometheus {@code /metrics}. Reads the overview, detector and summary stores; writes
 * nothing to Kafka.
 */
package org.fleetstreams.serve;
