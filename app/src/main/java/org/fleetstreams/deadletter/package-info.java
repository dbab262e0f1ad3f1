/**
 * Dead letters: the header names (Kafka Streams' KIP-1034 ones plus the late-record ones), the two kinds of reason
 * (invalid input, late), the dead-letter sink's node name and the app's sensors. Enters: invalid records (ingest) and
 * late ones (join, summary), each with its reason. Leaves: the dead-letter topic, reason in the headers. No store.
 */
package org.fleetstreams.deadletter;
