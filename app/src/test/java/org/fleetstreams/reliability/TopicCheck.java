package org.fleetstreams.reliability;

import java.util.List;

/**
 * One output topic's verdict. {@code examples} names the first keys that differ (up to five missing or duplicated,
 * then unexpected ones), so a failure says what to look for.
 */
record TopicCheck(String topic, int expected, int found, int missing, int duplicated, int unexpected,
                  List<String> examples) {

    boolean passed() {
        return missing == 0 && duplicated == 0 && unexpected == 0;
    }

    @Override
    public String toString() {
        return String.format("%-28s expected %7d  found %7d  missing %5d  duplicated %5d  unexpected %5d%s", topic,
                expected, found, missing, duplicated, unexpected,
                examples.isEmpty() ? "" : "\n      " + String.join("\n      ", examples));
    }
}
