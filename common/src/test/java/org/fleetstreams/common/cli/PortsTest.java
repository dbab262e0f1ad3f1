package org.fleetstreams.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** What a port may be, and how each kind of option says so ({@link Ports}, {@link BadOptions#requirePort}). */
class PortsTest {

    @Command(name = "tool")
    static final class Tool {
    }

    @Test
    void theEndsOfEachRangeAreAllowedAndOneBeyondIsRefusedWithTheRangeInWords() {
        assertThat(Ports.problem(1, 1)).isNull();
        assertThat(Ports.problem(65_535, 1)).isNull();
        assertThat(Ports.problem(0, 1)).isEqualTo("must be 1 to 65535, was 0");
        assertThat(Ports.problem(0, 0)).isNull();
        assertThat(Ports.problem(-1, 0)).isEqualTo("must be 0 (any free port) to 65535, was -1");
        assertThat(Ports.problem(65_536, 0)).isEqualTo("must be 0 (any free port) to 65535, was 65536");
        assertThat(Ports.problem(-1, -1)).isNull();
        assertThat(Ports.problem(-2, -1)).isEqualTo("must be -1 (off) or 0 (any free port) to 65535, was -2");
        assertThatThrownBy(() -> Ports.problem(80, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOptionOutOfRangeIsRefusedNamingTheOption() {
        CommandLine cmd = new CommandLine(new Tool());
        BadOptions.requirePort(cmd, "--http-port", 8080, -1);
        assertThatThrownBy(() -> BadOptions.requirePort(cmd, "--http-port", 70_000, -1))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--http-port must be -1 (off) or 0 (any free port) to 65535, was 70000");
    }
}
