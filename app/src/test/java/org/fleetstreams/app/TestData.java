package org.fleetstreams.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the tests and reports find the real BDD data: {@code -Dbdd.data=DIR}, else {@code $BDD_DATA}, else
 * {@code ../shared/data/bdd} beside the project (looked up from the module folder, where Surefire runs, and from
 * the project root, where {@code mvn -pl app exec:java} runs).
 */
public final class TestData {

    private TestData() {
    }

    public static Path bdd() {
        String configured = System.getProperty("bdd.data", System.getenv("BDD_DATA"));
        List<Path> candidates = configured != null ? List.of(Path.of(configured))
                : List.of(Path.of("..", "..", "shared", "data", "bdd"), Path.of("..", "shared", "data", "bdd"));
        for (Path path : candidates) {
            if (Files.isDirectory(path.resolve("locations"))) {
                return path;
            }
        }
        throw new IllegalStateException("The real BDD data is not at " + candidates.get(0).toAbsolutePath().normalize()
                + ". Put ../shared/data/bdd beside the project or run with -Dbdd.data=/path/to/bdd.");
    }
}
