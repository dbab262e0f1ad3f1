package org.fleetstreams.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The app module's package dependencies, read from the sources' imports and fully qualified names: the streams code
 * does not depend on the demo, the pipeline, the replayer or the web layer; the layers stack up as streams code, app,
 * pipeline (broker, topics, app and replayer together), demo, launcher; and no two packages depend on each other in a
 * cycle.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "org", "fleetstreams");
    private static final Pattern REFERENCE = Pattern.compile("org\\.fleetstreams\\.([a-z]+)\\.");
    private static final Set<String> STREAMS_CODE = Set.of("ingest", "deadletter", "time", "join", "summary", "braking",
            "overview", "state");

    /** package → the app packages (and other modules' top packages) it refers to. */
    private static final Map<String, Set<String>> uses = new TreeMap<>();

    @BeforeAll
    static void readTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String pkg = SOURCES.relativize(f).getName(0).toString();
                try {
                    Matcher m = REFERENCE.matcher(Files.readString(f));
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            uses.computeIfAbsent(pkg, p -> new TreeSet<>()).add(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                uses.computeIfAbsent(pkg, p -> new TreeSet<>());
            });
        }
    }

    @Test
    void theStreamsCodeDependsOnNeitherTheDemoNorTheReplayerNorTheWebLayer() {
        assertThat(uses.keySet()).containsAll(STREAMS_CODE);
        for (String pkg : STREAMS_CODE) {
            assertThat(uses.get(pkg)).as(pkg).doesNotContain("demo", "pipeline", "launcher", "replay", "generate", "serve",
                    "app");
        }
    }

    @Test
    void theAppKnowsNeitherThePipelineNorTheDemoAndThePipelineDoesNotKnowTheDemo() {
        assertThat(uses.get("app")).doesNotContain("pipeline", "demo", "launcher", "replay", "generate");
        assertThat(uses.get("pipeline")).contains("app", "replay").doesNotContain("demo", "launcher");
        assertThat(uses.get("demo")).doesNotContain("launcher");
    }

    @Test
    void noPackageCycle() {
        for (String start : uses.keySet()) {
            List<String> path = new ArrayList<>();
            assertThat(cycleFrom(start, start, path, new TreeSet<>())).as("cycle " + path).isFalse();
        }
    }

    private static boolean cycleFrom(String start, String at, List<String> path, Set<String> seen) {
        path.add(at);
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                path.add(next);
                return true;
            }
            if (uses.containsKey(next) && seen.add(next) && cycleFrom(start, next, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }
}
