package org.fleetstreams.common.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How both jars answer a bad option: {@code error: <what is wrong>}, picocli's "did you mean" for a misspelt one,
 * and where the options are listed; exit code 2. Picocli's default prints the whole usage text after the error (about
 * 70 lines for the app), which scrolls the one line that matters out of sight.
 */
public final class BadOptions implements IParameterExceptionHandler {

    /** {@code commandLine} and every subcommand answer bad options this way; returns it. */
    public static CommandLine install(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(new BadOptions());
    }

    /** Refuses {@code value} outside {@code min..max}, naming its option ({@code max} Integer.MAX_VALUE: no bound). */
    public static void requireRange(CommandLine cmd, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(cmd, option + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : min + " to " + max) + ", was " + value);
        }
    }

    /** Refuses a port outside {@code min..65535} ({@link Ports}: 0 any free port, -1 off), naming its option. */
    public static void requirePort(CommandLine cmd, String option, int value, int min) {
        String problem = Ports.problem(value, min);
        if (problem != null) {
            throw new ParameterException(cmd, option + " " + problem);
        }
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Options: " + cmd.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
