/**
 * The app itself: {@code FleetApp} (CLI), {@code AppConfig} (configuration in named parts, one factory for Kafka
 * Streams settings), {@code FleetTopology.buildTopology} (the data path in one method), {@code AppTopics} (topic checks),
 * {@code StreamsRunner} (one instance's lifecycle). Enters: the two input topics. Leaves: joined, car-summaries,
 * harsh-braking, dead-letters. Stores: the feature packages' ones, each named where its processor is added.
 */
package org.fleetstreams.app;
