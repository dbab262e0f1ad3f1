package org.fleetstreams.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.app.TestData;

/**
 * The app benchmark's options (see {@link AppBenchmark} and docs/benchmarks.md). An unknown option or a missing value
 * is an {@link IllegalArgumentException} naming it, before anything starts.
 *
 * @param settings     Kafka Streams settings from {@code --set KEY=VALUE} (repeatable), for comparing configurations
 * @param latencySpeed the replay speed of the alert-latency run ({@code --latency-speed}, default 1: event time is
 *                     wall time; the demo's 10x asks how soon after a brake its alert shows at that speed)
 * @param warmUp       {@code --warm-up}: before the alert-latency run, the demo's warm-up (the app once over the
 *                     data at full speed on topics of its own), so a live run measures a warm JVM as the demo does
 * @param rounds       {@code --rounds N} (default 1): the pass-through and the app N times, alternating, each on a
 *                     fresh application id; later rounds run on a JIT-warm JVM, and their spread shows the noise
 * @param partitions   {@code --partitions N} (default 4, the replayer's): the input topics' partitions in every run
 * @param fixesBefore  the live replays with the replayer's {@code FixesBefore} headers (default), or without them
 *                     ({@code --no-fixes-before}), to compare what the merge gains from them
 */
record BenchOptions(int fleet, boolean reference, Path jfr, Map<String, String> settings, Path latencyData,
                    int latencyFleet, boolean skipLatency, boolean latencyOnly, boolean orderCheck, double orderSpeed,
                    double latencySpeed, boolean warmUp, int rounds, int partitions, boolean fixesBefore) {

    private static final List<String> FLAGS = List.of("--reference", "--skip-latency", "--latency-only", "--order-check",
            "--warm-up", "--no-fixes-before");
    private static final List<String> VALUED = List.of("--fleet", "--jfr", "--set", "--latency-data",
            "--latency-fleet", "--order-speed", "--latency-speed", "--rounds", "--partitions");

    static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> settings = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (FLAGS.contains(option)) {
                flags.add(option);
            } else if (VALUED.contains(option)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                if (option.equals("--set")) {
                    String[] kv = value.split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--set needs KEY=VALUE, was '" + value + "'");
                    }
                    settings.put(kv[0], kv[1]);
                } else {
                    values.put(option, value);
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + option + "'; options: " + FLAGS + " " + VALUED);
            }
        }
        return new BenchOptions(Integer.parseInt(values.getOrDefault("--fleet", "100")), flags.contains("--reference"),
                values.containsKey("--jfr") ? Path.of(values.get("--jfr")) : null, Map.copyOf(settings),
                values.containsKey("--latency-data") ? Path.of(values.get("--latency-data")) : null,
                Integer.parseInt(values.getOrDefault("--latency-fleet", "20")), flags.contains("--skip-latency"),
                flags.contains("--latency-only"), flags.contains("--order-check"),
                Double.parseDouble(values.getOrDefault("--order-speed", "10")),
                Double.parseDouble(values.getOrDefault("--latency-speed", "1")), flags.contains("--warm-up"),
                Math.max(1, Integer.parseInt(values.getOrDefault("--rounds", "1"))),
                Math.max(1, Integer.parseInt(values.getOrDefault("--partitions", "4"))),
                !flags.contains("--no-fixes-before"));
    }

    /** The data set of the latency and order runs: {@code --latency-data}, else the real BDD data. */
    Path liveData() {
        return latencyData != null ? latencyData : TestData.bdd();
    }
}
