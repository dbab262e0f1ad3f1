package org.fleetstreams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary directory that goes away with everything in it: at {@link #close()}, for a helper that is not a JUnit
 * test and so has no {@code @TempDir}, or at the JVM's exit, for a benchmark's state directories that stay in use
 * until its last run. Tests and benchmarks used to leave one behind per run (a generated fleet, 6 MB, or a bench
 * state, 13 MB).
 */
public final class ScratchDir implements AutoCloseable {

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
        // Made here, not in the hook: under exec:java the class loader that would load it is closed by then.
        Deleter deleter = new Deleter();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleter.delete(dir), "delete-" + dir.getFileName()));
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
        new Deleter().delete(dir);
    }

    /** Deletes a tree with the JDK's classes only, so that it also works in a shutdown hook. */
    private static final class Deleter extends SimpleFileVisitor<Path> {

        void delete(Path dir) {
            try {
                Files.walkFileTree(dir, this);
            } catch (NoSuchFileException gone) {
                // already deleted: nothing left to do
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + dir, e);
            }
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
            if (failure != null) {
                throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
        }
    }
}
