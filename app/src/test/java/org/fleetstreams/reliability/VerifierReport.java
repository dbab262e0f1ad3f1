package org.fleetstreams.reliability;

import java.time.Duration;
import java.util.List;

/**
 * The verifier's verdict: per output topic expected / found / missing / duplicated / unexpected, plus the two
 * exactly-once rules that are not about one record (one final summary per window, one dead letter per source record)
 * and any disagreement between the independent counts and the reference run.
 */
public record VerifierReport(int inputRecords, List<TopicCheck> topics, int repeatedFinals, int repeatedDeadLetters,
                             List<String> modelMismatches, Duration settledIn) {

    /** Nothing missing, nothing duplicated, nothing unexpected, one final per window, and the two models agree. */
    public boolean passed() {
        return topics.stream().allMatch(TopicCheck::passed) && repeatedFinals == 0 && repeatedDeadLetters == 0
                && modelMismatches.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("verifier: " + (passed() ? "PASS" : "FAIL") + " (" + inputRecords
                + " input records; settled in " + settledIn.toMillis() + " ms)\n");
        topics.forEach(t -> s.append("  ").append(t).append('\n'));
        s.append("  repeated finals (ride, window): ").append(repeatedFinals)
                .append("; dead letters for the same source record twice: ").append(repeatedDeadLetters).append('\n');
        s.append("  counted vs reference summaries: ").append(modelMismatches.isEmpty() ? "agree"
                : modelMismatches.size() + " differ, e.g. " + modelMismatches.get(0));
        return s.toString();
    }
}
