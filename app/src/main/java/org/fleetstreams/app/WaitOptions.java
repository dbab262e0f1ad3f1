package org.fleetstreams.app;

import java.time.Duration;
import org.fleetstreams.common.admin.KafkaConnection;
import org.fleetstreams.common.cli.BadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How long the app waits at start ({@link AppTopics#prepare}): for Kafka to answer, and for its input topics. */
final class WaitOptions {

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "" + KafkaConnection.DEFAULT_TIMEOUT_S,
            description = "Give up if Kafka does not answer within this time (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--input-timeout", paramLabel = "SECONDS", description = "Give up if the input topics do not"
            + " exist within this time (default: wait until the replayer creates them, saying so every "
            + AppTopics.STILL_WAITING_S + " s).")
    Integer inputTimeoutSeconds;

    /** Refuses a value out of range, naming its option. */
    void check(CommandLine commandLine) {
        BadOptions.requireRange(commandLine, "--connect-timeout", connectTimeoutSeconds, 1, Integer.MAX_VALUE);
        if (inputTimeoutSeconds != null) {
            BadOptions.requireRange(commandLine, "--input-timeout", inputTimeoutSeconds, 1, Integer.MAX_VALUE);
        }
    }

    Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }

    /** How long a missing input is waited for; null: until it exists. */
    Duration inputTimeout() {
        return inputTimeoutSeconds == null ? null : Duration.ofSeconds(inputTimeoutSeconds);
    }
}
