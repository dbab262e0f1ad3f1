package org.fleetstreams.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Where the tests find the real BDD data ({@link #bdd()}), and what it holds. */
public final class TestData {

    public static final int RIDES = 35;
    public static final long LOCATION_ROWS = 478;
    public static final long ACCELERATION_ROWS = 23_512;

    private TestData() {
    }

    /**
     * {@code -Dbdd.data=DIR} (relative: to the project root), else {@code $BDD_DATA}, else {@code ../shared/data/bdd}
     * beside the project, else the project's own {@code data/bdd}, where data/README.md tells a newcomer to put it.
     * Surefire runs in the module folder.
     */
    public static Path bdd() {
        String configured = System.getProperty("bdd.data", System.getenv("BDD_DATA"));
        List<Path> candidates = configured != null ? List.of(Paths.get(configured), Paths.get("..").resolve(configured))
                : List.of(Paths.get("..", "..", "shared", "data", "bdd"), Paths.get("..", "data", "bdd"));
        for (Path path : candidates) {
            if (Files.isDirectory(path.resolve("locations"))) {
                return path.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("The real BDD data is in none of " + candidates.stream()
                .map(c -> c.toAbsolutePath().normalize().toString()).toList() + ". Put ../shared/data/bdd beside the"
                + " project (or the data in data/bdd), or run with -Dbdd.data=/path/to/bdd.");
    }
}
