package org.fleetstreams.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * What the app can check on its own machine before it connects: Kafka Streams finds these only later, after the output
 * topics have been created and the dashboard served, and fails as a run (exit 1) rather than a bad option (exit 2).
 */
final class LocalChecks {

    /** Kafka's longest topic name. */
    static final int MAX_TOPIC_NAME = 249;
    private static final Pattern LEGAL_TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]+");

    private LocalChecks() {
    }

    /**
     * Why {@code applicationId} cannot name the app's internal topics ({@code <id>-<store>-changelog} for each store of
     * {@code topology}) by Kafka's rule for topic names, or empty. Kafka Streams does not check it: an id with a '/' or a
     * blank, or too long for the longest store's changelog, failed at the first rebalance.
     */
    static Optional<String> applicationIdProblem(String applicationId, Topology topology) {
        if (applicationId.isEmpty() || !LEGAL_TOPIC_CHARS.matcher(applicationId).matches()) {
            return Optional.of("application.id '" + applicationId + "' must be letters, digits, '.', '_' or '-': it"
                    + " begins the names of the app's changelog topics");
        }
        TreeSet<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        String longest = stores.stream().max(Comparator.comparingInt(String::length)).orElse("");
        String changelog = applicationId + "-" + longest + "-changelog";
        if (changelog.length() > MAX_TOPIC_NAME) {
            return Optional.of("application.id '" + applicationId + "' is too long: its changelog topic " + changelog
                    + " would have " + changelog.length() + " characters, Kafka allows " + MAX_TOPIC_NAME);
        }
        return Optional.empty();
    }

    /**
     * Why the app could not keep its state under {@code dir}, or empty. Kafka Streams writes in
     * {@code <dir>/<application.id>}: that, or the nearest folder above it that exists (Kafka Streams makes the rest),
     * must be a folder this process can write. A base folder the user cannot write is fine when the application's own
     * folder in it exists and can be written (an operator made it).
     */
    static Optional<String> stateDirProblem(Path dir, String applicationId) {
        Path existing = dir.resolve(applicationId).toAbsolutePath().normalize();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty(); // nothing exists up to the root: the make will say what is wrong
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is not a directory");
        }
        if (!Files.isWritable(existing) || !Files.isExecutable(existing)) {
            return Optional.of(existing + " cannot be written by this user");
        }
        return Optional.empty();
    }
}
