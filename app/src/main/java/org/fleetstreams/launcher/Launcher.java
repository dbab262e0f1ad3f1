package org.fleetstreams.launcher;

import org.fleetstreams.app.FleetApp;
import org.fleetstreams.common.cli.BadOptions;
import org.fleetstreams.demo.DemoCommand;
import picocli.CommandLine;

/**
 * The entry point of {@code app.jar}: the app itself ({@link FleetApp}) with the one-command demo as its {@code demo}
 * subcommand. The launcher sits above both, so the app does not know the demo (or the replayer the demo carries).
 *
 * <pre>
 *   java -jar app/target/app.jar demo          # broker + app + replayer in one JVM (a C1-only one on 2 CPUs)
 *   java -jar app/target/app.jar --help        # the app alone, against your Kafka
 * </pre>
 * What you see: whatever the command you chose prints ({@code DemoCommand}: a live progress line, then a per-ride
 * table; {@link FleetApp}: the app's state changes); the launcher itself prints nothing.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(DemoCommand.fromLauncher(Launcher.class, args)).execute(args));
    }

    /** The command line of app.jar, with the demo always in this JVM (tests). */
    public static CommandLine commandLine() {
        return commandLine(new DemoCommand());
    }

    private static CommandLine commandLine(DemoCommand demo) {
        return BadOptions.install(FleetApp.commandLine(new FleetApp()).addSubcommand("demo", new CommandLine(demo)
                .setCaseInsensitiveEnumValuesAllowed(true)));
    }
}
