package org.fleetstreams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetstreams.common.FileTrees;

/**
 * A temporary directory that goes away with everything in it ({@link FileTrees}): at {@link #close()}, for a helper
 * that is not a JUnit test and so has no {@code @TempDir}, or at the JVM's exit, for a benchmark's state directories
 * that stay in use until its last run. Tests and benchmarks used to leave one behind per run (a generated fleet, 6 MB,
 * or a bench state, 13 MB). The deletion is best-effort: a directory that stays is said on standard error, and never
 * turns a run that succeeded into a failure.
 */
public final class ScratchDir implements AutoCloseable {

    /**
     * Loaded with this class, not in a shutdown hook: under {@code exec:java} the plugin closes the class loader that
     * would load it before the hooks run (a directory then stayed).
     */
    @SuppressWarnings("unused")
    private static final Class<FileTrees> DELETER = FileTrees.class;

    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** A new directory under the system's temporary directory, its name starting with {@code prefix}. */
    public static ScratchDir create(String prefix) {
        return new ScratchDir(newDirectory(prefix));
    }

    /** A new directory, deleted with what is in it when the JVM exits normally. */
    public static Path deletedAtExit(String prefix) {
        Path dir = newDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-" + dir.getFileName()));
        return dir;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        delete(path);
    }

    private static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        if (!FileTrees.deleteQuietly(dir)) {
            System.err.println("note: could not delete all of " + dir);
        }
    }
}
