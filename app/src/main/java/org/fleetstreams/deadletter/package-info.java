/**
 * Dead letters: the header names (Kafka Streams' KIP-1034 ones plus the late-record ones), the two kinds of reason
 * (invalid input, late), the dead-letter sink's node name and the app's sensors. Used by ingest, join and summary.
 * No store.
 */
package org.fleetstreams.deadletter;
