package org.fleetstreams.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of equal keys: how the verifier tells a missing result from a duplicated or an unexpected one. */
final class Multiset {

    private static final int EXAMPLES = 5;

    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    int size() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int count(String key) {
        return counts.getOrDefault(key, 0);
    }

    Iterable<String> keys() {
        return counts.keySet();
    }

    /** Keys that occur more than once, with how many extra copies in all. */
    int extraCopies() {
        return counts.values().stream().mapToInt(c -> Math.max(0, c - 1)).sum();
    }

    /** Expected vs found, key by key. */
    static TopicCheck compare(String topic, Multiset expected, Multiset found) {
        int missing = 0;
        int duplicated = 0;
        int unexpected = 0;
        List<String> examples = new ArrayList<>();
        for (String key : expected.keys()) {
            int e = expected.count(key);
            int f = found.count(key);
            missing += Math.max(0, e - f);
            duplicated += Math.max(0, f - e);
            if (examples.size() < EXAMPLES && e != f) {
                examples.add((e > f ? "missing " : "duplicated ") + key);
            }
        }
        for (String key : found.keys()) {
            if (expected.count(key) == 0) {
                unexpected += found.count(key);
                if (examples.size() < 2 * EXAMPLES) {
                    examples.add("unexpected " + key);
                }
            }
        }
        return new TopicCheck(topic, expected.size(), found.size(), missing, duplicated, unexpected, examples);
    }
}
