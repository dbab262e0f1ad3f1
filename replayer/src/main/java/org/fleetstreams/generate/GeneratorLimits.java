package org.fleetstreams.generate;

/**
 * How many cars and seconds {@code generate} takes, checked before anything is simulated so that a fleet too large
 * is one line and exit 2, not an OutOfMemoryError (or a full disk) hours into the run.
 *
 * <p>What grows: every car is kept from start to end, with its whole drive's script (SCRIPTED) or the truth rows and
 * overlays it adds as it goes (PHYSICS), measured at about 6 and 7.5 bytes per simulated second, on top of about
 * 2 KB and 18 KB per car (PHYSICS's 5 s of GPS history); estimated here as {@value #BYTES_PER_CAR} bytes per car plus
 * {@value #BYTES_PER_CAR_SECOND} per car-second. And one partition's rows of one car, at most 100 Hz
 * ({@code --phone-hz 100}) of about {@value #BYTES_PER_ROW} bytes each over the longest tick (1.3 x {@code --tick}).
 * Those may take half the heap ({@link #HEAP_SHARE}); the rest is for the Parquet writer and the JVM.
 *
 * <p>Fixed caps besides: {@value #MAX_DURATION_S} s (7 days) per car, far beyond the real rides (under a minute)
 * and any soak test; {@value #MAX_CARS} cars, which write 20,000 files per partition (each car two per {@code t=}
 * folder) and take about 12 minutes at the default 120 s (500 cars: 37 s on two shared cores). The trade-off: a
 * larger fleet is generated in several runs with other seeds, not in one.
 */
final class GeneratorLimits {

    static final int MAX_CARS = 10_000;
    static final double MAX_DURATION_S = 7 * 24 * 3600;
    static final long BYTES_PER_CAR = 24 * 1024;
    static final long BYTES_PER_CAR_SECOND = 10;
    static final long BYTES_PER_ROW = 80;
    static final double HEAP_SHARE = 0.5;
    private static final double MB = 1024 * 1024;
    private static final double GB = 1024 * MB;

    private GeneratorLimits() {
    }

    /**
     * Refuses cars, seconds and tick out of range, or a fleet whose estimated memory is more than half of
     * {@code maxMemory}.
     *
     * @throws IllegalArgumentException one line naming the option, or the heap needed and how to give it
     */
    static void check(int cars, double durationS, double tickS, long maxMemory) {
        if (cars < 1 || !(durationS > 10) || !Double.isFinite(durationS) || !(tickS >= 0.1)
                || !Double.isFinite(tickS)) {
            throw new IllegalArgumentException("need --cars >= 1, --duration > 10 (seconds) and --tick >= 0.1"
                    + " (seconds), was " + cars + ", " + durationS + " and " + tickS);
        }
        if (cars > MAX_CARS) {
            throw new IllegalArgumentException("need --cars <= " + MAX_CARS + " (run several seeds for more), was "
                    + cars);
        }
        if (durationS > MAX_DURATION_S) {
            throw new IllegalArgumentException(String.format("need --duration <= %.0f (seconds: 7 days), was %s",
                    MAX_DURATION_S, durationS));
        }
        double needed = bytes(cars, durationS, tickS);
        if (needed > maxMemory * HEAP_SHARE) {
            long heapGb = (long) Math.ceil(needed / HEAP_SHARE / GB);
            throw new IllegalArgumentException(String.format("--cars %d x --duration %.0f: the cars need about %.0f MB"
                    + " of heap, and this JVM may use %.0f MB (half of it for them). Give it %d GB (java -Xmx%dg -jar"
                    + " replayer.jar generate ...) or use fewer cars, seconds or a shorter --tick", cars, durationS,
                    needed / MB, maxMemory / MB, heapGb, heapGb));
        }
    }

    /** The estimated heap for {@code cars} cars of {@code durationS} s written in ticks of about {@code tickS} s. */
    static double bytes(int cars, double durationS, double tickS) {
        double interval = Math.min(1.3 * tickS, durationS) * 100 * BYTES_PER_ROW;
        return cars * (BYTES_PER_CAR + BYTES_PER_CAR_SECOND * durationS) + interval;
    }
}
