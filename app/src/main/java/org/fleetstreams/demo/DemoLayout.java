package org.fleetstreams.demo;

import org.fleetstreams.common.Topics;
import org.fleetstreams.common.cli.BadOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The demo's topics and the app's threads: {@code --topic-prefix}, {@code --partitions}, {@code --threads}. */
final class DemoLayout {

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = Topics.DEFAULT_PREFIX,
            description = "Topic names PREFIX-locations, ... (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    /**
     * Two, not the replayer's four: one task per stream thread. Each exactly-once commit writes a marker to every
     * partition its transaction touched (the task's outputs and changelogs), 10-20 times a second per thread while
     * live, and a partition's merge waits for its own next GPS fix: with half the partitions, half the markers and
     * twice the fixes per partition. At 20x on data/sample, eight rounds alternating on one two-core VM: behind the
     * replay p50 0.9-1.9 s of event time in 6 rounds (8.4 and 11.9 s in two) against 1.6-19.7 s with four; at 10x the
     * same within the spread (docs/benchmarks.md, "Session of 2026-12-05, eleventh").
     */
    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of the topics it creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    /**
     * Two, not the app's one: under exactly-once a commit parks its stream thread until the broker has acknowledged
     * the thread's writes (a third of its time or more at 10x on two cores), and with two threads the other one keeps
     * taking records meanwhile. At 10x on data/sample, five rounds alternating on one two-core VM: behind the replay
     * p50 1.5-1.7 s of event time against 2.2-4.8 s with one (docs/benchmarks.md).
     */
    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "Stream threads of the app (default: ${DEFAULT-VALUE}; the app's own default is 1).")
    int threads;

    /** Refuses a value out of range, naming its option. */
    void check(CommandLine cmd) {
        try {
            topics();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--topic-prefix: " + e.getMessage());
        }
        BadOptions.requireRange(cmd, "--threads", threads, 1, Integer.MAX_VALUE);
        BadOptions.requireRange(cmd, "--partitions", partitions, 1, Integer.MAX_VALUE);
    }

    Topics topics() {
        return Topics.withPrefix(topicPrefix);
    }
}
