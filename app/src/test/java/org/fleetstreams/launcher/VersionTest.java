package org.fleetstreams.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.fleetstreams.common.cli.ProjectVersion;
import org.fleetstreams.replay.ReplayerCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every tool's {@code --version} names the build's version, the one Maven filtered into {@code version.properties}
 * (before, the app and the replayer printed a hard-coded "0.1.0" while the build was 0.1.0-SNAPSHOT, and the demo and
 * generate printed nothing).
 */
class VersionTest {

    @Test
    void everyCommandPrintsTheBuildsVersion() {
        String version = ProjectVersion.version();
        assertThat(version).as("filtered by Maven").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

        assertThat(versionOf(Launcher.commandLine())).isEqualTo("app " + version);
        assertThat(versionOf(Launcher.commandLine(), "demo")).isEqualTo("app demo " + version);
        assertThat(versionOf(new CommandLine(new ReplayerCli()))).isEqualTo("replayer " + version);
        assertThat(versionOf(new CommandLine(new ReplayerCli()), "generate")).isEqualTo("replayer generate " + version);
    }

    private static String versionOf(CommandLine cli, String... sub) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        String[] args = Arrays.copyOf(sub, sub.length + 1);
        args[sub.length] = "--version";
        assertThat(cli.execute(args)).isZero();
        return out.toString().strip();
    }
}
