package org.fleetstreams.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class BadOptionsTest {

    @Command(name = "tool", mixinStandardHelpOptions = true, subcommands = Sub.class)
    static final class Tool implements Callable<Integer> {
        @Option(names = "--speed", description = "A number.")
        double speed;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "sub")
    static final class Sub implements Callable<Integer> {
        @Option(names = "--cars")
        int cars;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static String run(int expectedCode, String... args) {
        StringWriter err = new StringWriter();
        int code = BadOptions.install(new CommandLine(new Tool())).setErr(new PrintWriter(err, true)).execute(args);
        assertThat(code).as(err.toString()).isEqualTo(expectedCode);
        return err.toString();
    }

    @Test
    void aBadOptionIsOneErrorLineAHintAndExitTwoWithoutTheUsageText() {
        String err = run(2, "--sped", "3");
        assertThat(err).startsWith("error: Unknown options: '--sped', '3'").contains("Possible solutions: --speed")
                .contains("Options: tool --help").doesNotContain("Usage:");
        assertThat(run(2, "--speed", "fast")).startsWith("error: Invalid value for option '--speed'");
    }

    @Test
    void subcommandsAnswerTheSameWayNamingThemselves() {
        assertThat(run(2, "sub", "--cars", "x")).contains("Options: tool sub --help").doesNotContain("Usage:");
    }
}
