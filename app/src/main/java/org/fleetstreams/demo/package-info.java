/**
 * The one-command demo, a layer on top of the pipeline: {@code DemoCommand} (options, checks, exit codes),
 * {@code DemoRun} (the run), the live console view and the closing per-ride table. Enters: a data set (replayed by
 * {@code LocalPipeline}) and the app's output topics, read_committed. Leaves: the console. No store of its own.
 */
package org.fleetstreams.demo;
