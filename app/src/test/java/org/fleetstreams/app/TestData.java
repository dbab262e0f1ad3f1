package org.fleetstreams.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleetstreams.common.SensorReading;
import org.fleetstreams.replay.data.BddDataset;
import org.fleetstreams.replay.data.RowSkips;
import org.fleetstreams.replay.schedule.ClockMode;
import org.fleetstreams.replay.schedule.ReplaySchedule;
import org.fleetstreams.replay.schedule.ScheduledReading;

/**
 * Where the tests and reports find the real BDD data: {@code -Dbdd.data=DIR} (by default the build's
 * {@code ../shared/data/bdd} beside the project), else {@code $BDD_DATA}, else the project's own {@code data/bdd}
 * (each looked up from the module folder, where Surefire runs, and from the project root, where
 * {@code mvn -pl app exec:java} runs).
 */
public final class TestData {

    private TestData() {
    }

    public static Path bdd() {
        // The build always sets bdd.data (to ../shared/data/bdd unless -Dbdd.data says otherwise), so the others are
        // looked at after it: $BDD_DATA, then data/bdd, where data/README.md tells a newcomer to put the data. A
        // relative path is the project root's (Surefire runs in the module folder).
        List<Path> candidates = new ArrayList<>();
        for (String given : new String[] {System.getProperty("bdd.data"), System.getenv("BDD_DATA")}) {
            if (given != null && !given.isBlank()) {
                candidates.add(Path.of(given));
                candidates.add(Path.of("..").resolve(given));
            }
        }
        candidates.addAll(List.of(Path.of("..", "..", "shared", "data", "bdd"), Path.of("..", "shared", "data", "bdd"),
                Path.of("..", "data", "bdd"), Path.of("data", "bdd")));
        for (Path path : candidates) {
            if (Files.isDirectory(path.resolve("locations"))) {
                return path;
            }
        }
        throw new IllegalStateException("The real BDD data is in none of " + candidates.stream()
                .map(c -> c.toAbsolutePath().normalize().toString()).toList() + ". Put ../shared/data/bdd beside the"
                + " project (or the data in data/bdd), or run with -Dbdd.data=/path/to/bdd.");
    }

    /** What the replayer publishes for a data set with epoch {@code epoch}: readings with event time set, in order. */
    public static List<SensorReading> readings(Path dataDir, long epoch) {
        return readings(dataDir, epoch, ClockMode.OFFSET);
    }

    /** The same with the replayer's {@code --clock} {@code clock}, in the order it publishes them. */
    public static List<SensorReading> readings(Path dataDir, long epoch, ClockMode clock) {
        BddDataset data = BddDataset.open(dataDir);
        List<SensorReading> out = new ArrayList<>();
        try (ReplaySchedule schedule = new ReplaySchedule(data, clock, epoch, 1, 10_000, new RowSkips())) {
            while (schedule.hasNext()) {
                ScheduledReading s = schedule.next();
                SensorReading r = s.reading();
                out.add(r.withIdentity(r.id(), r.rideId(), r.uuid(), s.eventTimeMillis()));
            }
        }
        return out;
    }
}
