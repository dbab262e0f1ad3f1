package org.fleetstreams.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
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
     *
     * <p>The lock file is also the mark of a demo's directory: {@link #prepare()} empties {@code broker/} and
     * {@code state/}, so a directory that holds either without one (a {@code --work-dir} mistyped as one's home or
     * another project) is refused, before the lock file would mark it.
     *
     * @throws Unusable when the directory cannot be used, saying why in words (not a directory, permission denied)
     */
    AutoCloseable lock() {
        Path lockFile = root.resolve("demo.lock");
        if (Files.isDirectory(root) && !Files.exists(lockFile)) {
            for (Path made : List.of(root.resolve("broker"), stateDir())) {
                if (Files.exists(made)) {
                    throw new Unusable(root + " holds " + made.getFileName() + "/ and no demo.lock, so the demo did"
                            + " not make it, and a run would empty it; give a new or empty --work-dir");
                }
            }
        }
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
            throw new Unusable("cannot use " + root + ": " + reason(e), e);
        }
    }

    /**
     * What went wrong, in words: the JDK's exceptions for these carry only the path ("(X)" for a file in the way,
     * "(X/demo.lock)" for a directory one may not write).
     */
    static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file, not a directory";
        } else if (e instanceof AccessDeniedException f) {
            return "permission denied (" + f.getFile() + ")";
        } else if (e instanceof NoSuchFileException f) {
            return "no such file or directory (" + f.getFile() + ")";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(Locale.ROOT) + " (" + f.getFile() + ")";
        }
        return String.valueOf(e.getMessage());
    }

    /** A work directory the demo cannot or may not use: bad input, one line. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }

        Unusable(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Creates the directory and removes broker data and state an earlier run left in it (a demo's: {@link #lock()}
     * refused a directory without its mark); a broker directory elsewhere (in memory: {@link BrokerStorage}) is this
     * run's, new and empty, and stays.
     */
    DemoWorkDir prepare() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work directory " + root + ": " + reason(e), e);
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
