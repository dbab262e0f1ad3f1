package org.fleetstreams.reliability;

import static org.fleetstreams.common.testing.Waits.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A Java program of this project in its own process, output to a log file: what the fault tests kill. {@link #kill()}
 * is SIGKILL (no shutdown hook, no clean close, like a machine that dies); {@link #stop()} is SIGTERM.
 */
final class ChildJvm implements AutoCloseable {

    /**
     * Every child still running. A test that fails half-way (a broker that does not start, an assertion before the
     * close) would leave 512 MB brokers and app instances running on a two-core machine for the rest of the build;
     * when the test JVM ends, this kills what is left.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "child-jvm-reaper"));
    }

    private final String name;
    private volatile boolean stopped;
    private final Process process;
    private final Path log;
    private final long logStart;
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;

    private ChildJvm(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        RUNNING.add(process);
        process.onExit().thenRun(() -> {
            endNanos = System.nanoTime();
            RUNNING.remove(process);
        });
    }

    /** How long the program ran (so far, while it runs). */
    Duration runTime() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return Duration.ofNanos(end - startNanos);
    }

    /** Starts {@code mainClass} with this JVM's class path and a small heap. */
    static ChildJvm start(String name, String mainClass, List<String> args, Path log, String heap) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", classPath(), mainClass));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ChildJvm(name, p, log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * This program's class path: the class loader's when it is a URL class loader (exec:java runs the test classes in
     * Maven's JVM), else java.class.path (Surefire's fork).
     */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0) {
            StringBuilder cp = new StringBuilder();
            for (URL url : loader.getURLs()) {
                try {
                    cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(Path.of(url.toURI()));
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return cp.toString();
        }
        return System.getProperty("java.class.path");
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits until the log has a line containing {@code text}; returns how long after start it appeared. */
    Duration awaitLog(String text, Duration timeout) {
        return awaitLog("print \"" + text + "\"", timeout, log -> log.contains(text));
    }

    /** Waits until what this run logged satisfies {@code condition} ({@code what}); returns how long after start. */
    Duration awaitLog(String what, Duration timeout, Predicate<String> condition) {
        try {
            await(name + " to " + what).atMost(timeout).pollInterval(Duration.ofMillis(100))
                    .failFast(name + " exited before it", () -> !process.isAlive() && !condition.test(logText()))
                    .until(() -> condition.test(logText()));
        } catch (TerminalFailureException e) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " before it could " + what
                    + "; log " + log + ":\n" + tail(), e);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; log " + log + ":\n" + tail(), e);
        }
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Occurrences of {@code text} in the log so far. */
    int count(String text) {
        String s = logText();
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** What this run of the program has logged (a restarted program appends to the same file). */
    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log).substring((int) logStart) : "";
        } catch (IOException e) {
            return "";
        }
    }

    String tail() {
        String s = logText();
        return s.substring(Math.max(0, s.length() - 3000));
    }

    /** Waits for the program to end by itself; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** Resident memory of the process in MB (Linux /proc), 0 when it is gone. */
    long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Gone without the test stopping or killing it: its exit code, else empty. */
    OptionalInt exitedOnItsOwn() {
        return process.isAlive() || stopped ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        stopped = true;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (shutdown hooks run), then SIGKILL if it has not stopped within {@code grace}. */
    int stop(Duration grace) throws InterruptedException {
        stopped = true;
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " (pid " + process.pid() + ") still running 30 s after SIGKILL");
            }
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    /**
     * Closes each of {@code children}, every one even when one fails; then throws the first failure. Interrupted (a
     * test's timeout), it kills the ones not yet closed rather than leave them running, and keeps the interrupt.
     */
    static void closeAll(Iterable<ChildJvm> children) throws InterruptedException {
        RuntimeException first = null;
        boolean interrupted = false;
        for (ChildJvm child : children) {
            if (child == null) {
                continue;
            }
            if (interrupted) {
                child.process.destroyForcibly();
                continue;
            }
            try {
                child.close();
            } catch (InterruptedException e) {
                interrupted = true;
                child.process.destroyForcibly();
            } catch (RuntimeException | AssertionError e) {
                if (first == null) {
                    first = new IllegalStateException("could not stop " + child, e);
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException("interrupted while stopping children: the rest were killed");
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
