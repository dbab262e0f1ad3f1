/**
 * The whole pipeline in one process ({@code LocalPipeline}: broker, topics, app instances, replayer), a layer above the
 * app and the replayer; used by the demo, the real-broker tests and the benchmarks. Enters: a data set on disk.
 * Leaves: the app's output topics. No store of its own (the app's, through {@code StreamsRunner}).
 */
package org.fleetstreams.pipeline;
