/**
 * The app itself: {@code FleetApp} (CLI), {@code AppConfig} (configuration in named parts, one factory for Kafka
 * Streams settings), {@code FleetTopology.buildTopology} (the data path in one method), {@code AppTopics} (topic checks).
 * Enters: the two input topics. Leaves: joined, car-summaries, harsh-braking, dead-letters.
 */
package org.fleetstreams.app;
