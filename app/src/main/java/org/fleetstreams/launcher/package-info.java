/**
 * The entry point of app.jar: the app with the demo as a subcommand, the only place that knows both. Enters: the
 * command line. Leaves: the chosen command's exit code. No store.
 */
package org.fleetstreams.launcher;
