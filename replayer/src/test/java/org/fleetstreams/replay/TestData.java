package org.fleetstreams.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the tests find the real BDD data: {@code -Dbdd.data=...}, else {@code $BDD_DATA}, else {@code ../shared/data/bdd}. */
public final class TestData {

    public static final int RIDES = 35;
    public static final long LOCATION_ROWS = 478;
    public static final long ACCELERATION_ROWS = 23_512;

    private TestData() {
    }

    public static Path bdd() {
        String configured = System.getProperty("bdd.data", System.getenv("BDD_DATA"));
        Path path = configured != null ? Paths.get(configured) : Paths.get("..", "..", "shared", "data", "bdd");
        if (!Files.isDirectory(path.resolve("locations"))) {
            throw new IllegalStateException("The real BDD data is not at " + path.toAbsolutePath().normalize()
                    + ". Put ../shared/data/bdd beside the project or run with -Dbdd.data=/path/to/bdd.");
        }
        return path.toAbsolutePath().normalize();
    }
}
