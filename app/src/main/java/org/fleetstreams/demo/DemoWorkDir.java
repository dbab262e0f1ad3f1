package org.fleetstreams.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.fleetstreams.common.FileTrees;

/**
 * The demo's files, under one project-local directory (default {@code target/demo}): the log file, the embedded
 * broker's data (there, or in memory: {@link BrokerStorage}) and the app's state. Each run starts from an empty broker
 * and empty state (a state dir from an earlier broker would not match the new one), deletes both when it ends, and
 * keeps the log for reading.
 */
record DemoWorkDir(Path root, Path brokerDir) {

    static final Path DEFAULT = Path.of("target", "demo");

    /** The broker's data in {@code root} too. */
    DemoWorkDir(Path root) {
        this(root, root.resolve("broker"));
    }

    /** The same, with the broker's data in {@code dir}. */
    DemoWorkDir withBrokerDir(Path dir) {
        return new DemoWorkDir(root, dir);
    }

    Path logFile() {
        return root.resolve("demo.log");
    }

    Path stateDir() {
        return root.resolve("state");
    }

    /**
     * Holds the directory for this run, or returns null when another demo holds it: that one's broker data and state
     * are in it, and {@link #prepare()} would delete them under it. Released when the returned handle is closed or
     * the process ends.
     */
    AutoCloseable lock() {
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve("demo.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another demo in this JVM
            } catch (IOException e) {
                channel.close(); // a file system without locks (some network and VM shares): run unguarded, as before
                return () -> { };
            }
            if (lock == null) {
                channel.close();
                return null;
            }
            FileLock held = lock;
            return () -> {
                held.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the work directory " + root + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Creates the directory and removes broker data and state an earlier run left in it; a broker directory elsewhere
     * (in memory: {@link BrokerStorage}) is this run's, new and empty, and stays.
     */
    DemoWorkDir prepare() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + root, e);
        }
        delete(root.resolve("broker"));
        delete(stateDir());
        return this;
    }

    /** Deletes this run's broker data (wherever it is) and state; the log file stays. */
    void cleanUp() {
        delete(brokerDir());
        delete(stateDir());
    }

    private static void delete(Path dir) {
        FileTrees.deleteQuietly(dir); // what is left is deleted by the next run
    }
}
