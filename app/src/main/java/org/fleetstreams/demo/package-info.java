/**
 * The one-command demo, a layer on top of the app: embedded broker, topics, the app, the replayer, the live console
 * view and the closing per-ride table. The app's streams code does not depend on it.
 */
package org.fleetstreams.demo;
