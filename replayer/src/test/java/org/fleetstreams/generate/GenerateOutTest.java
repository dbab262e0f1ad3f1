package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fleetstreams.common.cli.BadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An {@code --out} that cannot take a fleet is a bad option: one line naming it and exit 2, as docs/replayer.md
 * promises, before anything is simulated. A data folder that was a file used to end in a stack trace and exit 1.
 */
class GenerateOutTest {

    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private static Run generate(Path out) {
        StringWriter err = new StringWriter();
        // as the replayer's command line answers bad options (BadOptions, installed on its subcommands too)
        int code = BadOptions.install(new CommandLine(new GenerateCommand())).setErr(new PrintWriter(err, true))
                .execute("--out", out.toString(), "--cars", "1", "--duration", "11");
        return new Run(code, err.toString());
    }

    @Test
    void aDataFolderThatIsAFileIsRefused() throws IOException {
        Path out = Files.createDirectories(dir.resolve("fleet"));
        Path locations = Files.writeString(out.resolve("locations"), "not a folder");

        Run run = generate(out);

        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.err).startsWith("error: " + locations + " is a file, not a folder").doesNotContain("\tat ")
                .doesNotContain("Usage:");
        assertThat(locations).hasContent("not a folder");
        assertThat(out.resolve("accelerations")).doesNotExist();
    }

    @Test
    void anOutputFolderThatIsAFileIsRefused() throws IOException {
        Path out = Files.writeString(dir.resolve("fleet"), "not a folder");

        Run run = generate(out);

        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("error: --out " + out + " is a file, not a folder").doesNotContain("\tat ");
    }
}
