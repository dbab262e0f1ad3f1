/**
 * The entry point of app.jar: the app with the demo as a subcommand. The only place that knows both.
 */
package org.fleetstreams.launcher;
