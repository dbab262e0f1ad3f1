package org.fleetstreams.common;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every topic name of the pipeline, derived from one prefix (the course uses {@code LastnameFirstname}).
 *
 * <pre>
 *   replayer → {prefix}-locations, {prefix}-accelerations
 *   app      → {prefix}-joined, {prefix}-car-summaries, {prefix}-harsh-braking, {prefix}-dead-letters
 * </pre>
 */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "bdd";

    // Kafka's own rule for topic names, minus the room the suffixes need.
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix
                    + "' must be 1-200 characters of a-z, A-Z, 0-9, '.', '_' or '-'");
        }
    }

    public static Topics withPrefix(String prefix) {
        return new Topics(prefix);
    }

    public String locations() {
        return prefix + "-locations";
    }

    public String accelerations() {
        return prefix + "-accelerations";
    }

    public String joined() {
        return prefix + "-joined";
    }

    public String carSummaries() {
        return prefix + "-car-summaries";
    }

    public String harshBraking() {
        return prefix + "-harsh-braking";
    }

    public String deadLetters() {
        return prefix + "-dead-letters";
    }

    /** The app's application.id unless {@code --application-id} says otherwise: {@code fleetstreams-PREFIX}. */
    public String defaultApplicationId() {
        return "fleetstreams-" + prefix;
    }

    /** The topics the replayer writes and the app reads. */
    public List<String> inputs() {
        return List.of(locations(), accelerations());
    }

    /** The topics the app writes. */
    public List<String> outputs() {
        return List.of(joined(), carSummaries(), harshBraking(), deadLetters());
    }
}
