package org.fleetstreams.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Where the tests find the real BDD data ({@link #bdd()}), and what it holds. */
public final class TestData {

    public static final int RIDES = 35;
    public static final long LOCATION_ROWS = 478;
    public static final long ACCELERATION_ROWS = 23_512;

    private TestData() {
    }

    /**
     * {@code -Dbdd.data=DIR} (relative: to the project root; by default the build's {@code ../shared/data/bdd}
     * beside the project), else {@code $BDD_DATA}, else the project's own {@code data/bdd}, where data/README.md
     * tells a newcomer to put it. Surefire runs in the module folder.
     */
    public static Path bdd() {
        // The build always sets bdd.data (to ../shared/data/bdd unless -Dbdd.data says otherwise), so the others are
        // looked at after it (as app's TestData does)
        List<Path> candidates = new ArrayList<>();
        for (String given : new String[] {System.getProperty("bdd.data"), System.getenv("BDD_DATA")}) {
            if (given != null && !given.isBlank()) {
                candidates.add(Paths.get(given));
                candidates.add(Paths.get("..").resolve(given));
            }
        }
        candidates.addAll(List.of(Paths.get("..", "..", "shared", "data", "bdd"), Paths.get("..", "data", "bdd")));
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
