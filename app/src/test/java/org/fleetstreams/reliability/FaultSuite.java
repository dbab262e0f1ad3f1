package org.fleetstreams.reliability;

/**
 * The fault scenarios as one command that prints what each held, survived and measured, and the verifier's table:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl app exec:java@faults
 * </pre>
 *
 * Each scenario starts three broker processes and the app instances as processes of their own (logs under
 * app/target/faults/NAME/); it takes a few minutes. Exit code 1 when the verifier finds anything missing or twice.
 */
public final class FaultSuite {

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        boolean passed = true;
        for (String scenario : args.length > 0 ? args : new String[] {"instances", "brokers", "replayer"}) {
            FaultReport report = switch (scenario) {
                case "instances" -> InstanceFaults.run(FaultRig.runDir("instance-faults"));
                case "brokers" -> BrokerFaults.run(FaultRig.runDir("broker-faults"));
                case "replayer" -> ReplayerFaults.run(FaultRig.runDir("replayer-faults"));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario
                        + " (instances, brokers, replayer)");
            };
            System.out.println(report);
            passed &= report.verdict.passed();
        }
        System.exit(passed ? 0 : 1);
    }
}
