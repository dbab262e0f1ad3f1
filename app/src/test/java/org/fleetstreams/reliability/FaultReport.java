package org.fleetstreams.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a fault scenario did and measured, and the verifier's verdict on its outputs. */
final class FaultReport {

    final String scenario;
    final List<String> faults = new ArrayList<>();
    final List<Duration> restarts = new ArrayList<>();
    /** What {@link #restarts} measure: from a process's start to the log line that says it is back. */
    String restartsAre = "restart to RUNNING";
    long inputRecords;
    Duration replayTime = Duration.ZERO;
    long maxAppRssMb;
    /** App instances that exited without the scenario stopping them. */
    List<String> appsGone = List.of();
    /** The app's topics with fewer than 3 replicas or min.insync.replicas other than 2. */
    List<String> lessDurable = List.of();
    VerifierReport verdict;
    /** What the inputs hold of the data, when the scenario checks it. */
    InputOnce inputOnce;
    /**
     * Merge tasks (over every instance's life) that let a GPS fix go behind a sample of its time or later: the app logs
     * the first of each task. Reported, not judged: the verifier judges what it did to the outputs.
     */
    long tasksWithFixesBehind;

    /** A phrase of the merge's warning for its first fix let go behind a sample (ReadingsInOrder). */
    static final String FIX_BEHIND_WARNING = "went on behind a sample at";

    FaultReport(String scenario) {
        this.scenario = scenario;
    }

    void fault(String what) {
        faults.add(what);
    }

    /** How many lines of the app instances' Kafka logs in {@code dir} warn of a fix let go behind a sample. */
    static long fixesBehindLogged(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long n = 0;
            for (Path log : files.filter(f -> f.getFileName().toString().matches("app-\\d+-kafka\\.log")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    n += lines.filter(l -> l.contains(FIX_BEHIND_WARNING)).count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the scenario got wrong, empty when it passed: the verifier's verdict on the outputs and, when the inputs
     * were read ({@link #inputOnce}), each reading of the data there once and in order. The verifier alone cannot see
     * a replay that lost or repeated input: it derives what the outputs should be from what the inputs hold.
     */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (verdict == null || !verdict.passed()) {
            out.add("outputs: the verifier found records missing or twice (table below)");
        }
        InputOnce exact = new InputOnce(FaultRig.SAMPLE_READINGS, FaultRig.SAMPLE_READINGS, 0);
        if (inputOnce != null && !inputOnce.equals(exact)) {
            out.add("inputs: " + inputOnce + ", expected " + exact);
        }
        if (!lessDurable.isEmpty()) {
            out.add("durability: " + String.join(", ", lessDurable) + "; expected 3 replicas, min.insync.replicas 2");
        }
        if (!appsGone.isEmpty()) {
            out.add("apps: " + String.join(", ", appsGone) + " exited without being stopped (their logs say why)");
        }
        return out;
    }

    boolean passed() {
        return problems().isEmpty();
    }

    @Override
    public String toString() {
        double perSecond = replayTime.isZero() ? 0 : inputRecords * 1000.0 / replayTime.toMillis();
        StringBuilder s = new StringBuilder("== " + scenario + "\n");
        s.append(String.format("load held: %,d input records in %.1f s of replay = %,.0f records/s%n", inputRecords,
                replayTime.toMillis() / 1000.0, perSecond));
        s.append("faults survived (").append(faults.size()).append("):\n");
        faults.forEach(f -> s.append("  - ").append(f).append('\n'));
        if (!restarts.isEmpty()) {
            s.append(restartsAre).append(" (ms): ").append(restarts.stream().map(d -> String.valueOf(d.toMillis())).toList())
                    .append('\n');
        }
        s.append("largest app instance RSS: ").append(maxAppRssMb).append(" MB\n");
        s.append("merge tasks that let a GPS fix go behind a sample (logged once per task): ").append(tasksWithFixesBehind)
                .append('\n');
        if (inputOnce != null) {
            s.append(inputOnce).append('\n');
        }
        s.append(verdict);
        problems().forEach(p -> s.append("\nPROBLEM ").append(p));
        return s.toString();
    }
}
