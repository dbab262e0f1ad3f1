package org.fleetstreams.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What one {@link FleetGenerator} run adds to its output folder, so that a run that fails (a simulator fault refused
 * by {@code requireFinite}, a full disk) takes it away again instead of leaving a fleet that is half written and
 * would replay as if it were whole. The data folders were empty or absent before the run ({@link FleetGenerator#check});
 * files that were there before, and the output folder itself if it was, stay.
 */
final class RunOutput {

    private static final List<String> DATA = List.of("locations", "accelerations");
    private static final List<String> FILES = List.of("ground-truth.csv", "phone-orientation.csv");

    private final Path out;
    private final boolean outExisted;
    private final List<String> newFiles;

    private RunOutput(Path out, boolean outExisted, List<String> newFiles) {
        this.out = out;
        this.outExisted = outExisted;
        this.newFiles = newFiles;
    }

    /** Notes what is in {@code out} before the run writes anything. */
    static RunOutput before(Path out) {
        return new RunOutput(out, Files.exists(out), FILES.stream().filter(f -> !Files.exists(out.resolve(f))).toList());
    }

    /** Removes what the run wrote; best effort, so that the run's own error is the one reported. */
    void remove() {
        Stream.concat(DATA.stream(), newFiles.stream()).map(out::resolve).forEach(RunOutput::deleteTree);
        if (!outExisted) {
            deleteTree(out);
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // left behind: the caller reports the run's error, which matters more
        }
    }
}
