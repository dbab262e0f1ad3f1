package org.fleetstreams.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fleetstreams.common.FileTrees;

/**
 * The fault scenarios as one command that prints what each held, survived and measured, and the verifier's table:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl app exec:java@faults                                      # each scenario once
 * mvn -B -q -pl app exec:java@faults -Dexec.args="--rounds 20 instances"  # a soak: 20 rounds of one scenario
 * </pre>
 *
 * Each scenario starts three broker processes and the app instances as processes of their own (logs under
 * app/target/faults/NAME/); it takes a few minutes. With {@code --rounds N} each round gets its own directory
 * ({@code instance-faults-rK} and so on), deleted when the round passes and kept when it fails (cluster data and every process's log, for
 * reading the changelogs afterwards); at the end, passes and failures per scenario. Exit code 1 when the verifier
 * found anything missing or twice in any round.
 */
public final class FaultSuite {

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 1;
        List<String> scenarios = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                scenarios.add(args[i]);
            }
        }
        if (scenarios.isEmpty()) {
            scenarios = List.of("instances", "brokers", "replayer");
        }
        Map<String, int[]> tally = new LinkedHashMap<>(); // scenario -> {passed, failed}
        for (int round = 1; round <= rounds; round++) {
            for (String scenario : scenarios) {
                String name = scenario.replaceAll("s$", "") + "-faults" + (rounds > 1 ? "-r" + round : "");
                Path dir = FaultRig.runDir(name);
                FaultReport report = switch (scenario) {
                    case "instances" -> InstanceFaults.run(dir);
                    case "brokers" -> BrokerFaults.run(dir);
                    case "replayer" -> ReplayerFaults.run(dir);
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario
                            + " (instances, brokers, replayer)");
                };
                System.out.println(report);
                boolean passed = report.passed(); // the outputs and, where read, the inputs
                tally.computeIfAbsent(scenario, s -> new int[2])[passed ? 0 : 1]++;
                if (rounds > 1) {
                    System.out.printf("round %d of %d, %s: %s%n", round, rounds, scenario,
                            passed ? "PASS" : "FAIL, kept " + dir);
                    if (passed) {
                        delete(dir);
                    }
                }
            }
        }
        boolean allPassed = true;
        for (Map.Entry<String, int[]> e : tally.entrySet()) {
            System.out.printf("%s: %d passed, %d failed%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            allPassed &= e.getValue()[1] == 0;
        }
        System.exit(allPassed ? 0 : 1);
    }

    private static void delete(Path dir) {
        FileTrees.deleteQuietly(dir); // a passed round's files: what stays must not stop the rounds after it
    }
}
