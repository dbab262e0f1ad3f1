package org.fleetstreams.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long a client's threads ran, and how long they were ready to run but waited for a CPU, from Linux's scheduler
 * statistics ({@code /proc/self/task/<tid>/schedstat}: nanoseconds on a CPU, nanoseconds runnable on a run queue).
 *
 * <p>Why: on the two-core machines this project is measured on, a catch-up's stream thread waited for a CPU 4-30 %
 * of the time in 2 s slices (most while HotSpot's C2 compiler took half a core in the run's first 25 s); its records/s
 * then say as much about the machine as about the code. Printed beside each rate, the wait tells a slow run from a
 * slow build. Threads are matched by their native name, which HotSpot sets on Linux to the first 15 characters of the
 * Java name: a Kafka Streams client's stream threads all begin with its application id and process id, its producers'
 * network threads do not ({@code kafka-producer-network-thread | ...}). Elsewhere than Linux there is nothing to
 * read and nothing is printed.
 */
final class CpuWaits {

    /** Linux truncates a thread's name ({@code comm}) to 15 bytes. */
    static final int NATIVE_NAME_LENGTH = 15;

    /** Nanoseconds on a CPU and waiting for one, summed over the matched threads. */
    record Sample(long onCpuNanos, long waitingNanos, int threads) {

        Sample since(Sample before) {
            return new Sample(onCpuNanos - before.onCpuNanos, waitingNanos - before.waitingNanos, threads);
        }

        /** One line for the benchmark's output, over {@code wallSeconds} of the run. */
        String describe(String who, double wallSeconds) {
            double cpu = onCpuNanos / 1e9;
            double waiting = waitingNanos / 1e9;
            return String.format(Locale.ROOT, "%s: on a CPU %.1f s, waiting for a CPU %.1f s of the %.1f s run"
                    + " (%.0f %% of the time they were ready to run; /proc schedstat, %d thread%s)", who, cpu, waiting,
                    wallSeconds, cpu + waiting > 0 ? 100 * waiting / (cpu + waiting) : 0, threads, threads == 1 ? "" : "s");
        }
    }

    private CpuWaits() {
    }

    /**
     * The figures of this JVM's threads whose native name starts as {@code javaName}'s first 15 characters do; null if
     * the system has no {@code /proc/self/task} or none matched.
     */
    static Sample ofThreadsNamedLike(String javaName) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return null;
        }
        String prefix = javaName.substring(0, Math.min(NATIVE_NAME_LENGTH, javaName.length()));
        long cpu = 0;
        long waiting = 0;
        int n = 0;
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    if (!comm.startsWith(prefix)) {
                        continue;
                    }
                    long[] s = parse(Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII));
                    cpu += s[0];
                    waiting += s[1];
                    n++;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or the file is not there: skip it
                }
            }
        } catch (IOException e) {
            return null;
        }
        return n == 0 ? null : new Sample(cpu, waiting, n);
    }

    /** {@code schedstat}'s first two fields: nanoseconds on a CPU, nanoseconds waiting on a run queue. */
    static long[] parse(String schedstat) {
        String[] f = schedstat.strip().split("\\s+");
        if (f.length < 2) {
            throw new IllegalArgumentException("not a schedstat line: '" + schedstat.strip() + "'");
        }
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }
}
