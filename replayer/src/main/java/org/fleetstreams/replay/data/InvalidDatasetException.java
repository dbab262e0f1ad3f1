package org.fleetstreams.replay.data;

import java.util.List;

/** The data set cannot be replayed; the message lists every problem found, each naming its file or folder. */
public final class InvalidDatasetException extends RuntimeException {

    private final List<String> problems;

    public InvalidDatasetException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the data set:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidDatasetException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
