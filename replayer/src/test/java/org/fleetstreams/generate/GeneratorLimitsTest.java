package org.fleetstreams.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.fleetstreams.common.cli.BadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --cars} and {@code --duration} have upper bounds, and a fleet larger than half the heap holds is refused:
 * one line and exit 2 before anything is simulated. Both were unbounded: a week of 10,000 cars ran until an
 * OutOfMemoryError.
 */
class GeneratorLimitsTest {

    private static final long GB = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    private record Run(int code, String err) {
    }

    private Run generate(String... options) {
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 2];
        args[0] = "--out";
        args[1] = dir.resolve("fleet").toString();
        System.arraycopy(options, 0, args, 2, options.length);
        int code = BadOptions.install(new CommandLine(new GenerateCommand())).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, err.toString());
    }

    @Test
    void moreThanTenThousandCarsIsOneLineAndExit2() {
        Run run = generate("--cars", "10001");

        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().findFirst()).hasValue("error: need --cars <= 10000 (run several seeds for more),"
                + " was 10001");
        assertThat(run.err).doesNotContain("\tat ").doesNotContain("Usage:");
        assertThat(dir.resolve("fleet")).doesNotExist();
    }

    @Test
    void moreThanSevenDaysIsOneLineAndExit2() {
        Run run = generate("--cars", "1", "--duration", "604801");

        assertThat(run.code).as(run.err).isEqualTo(2);
        assertThat(run.err.lines().findFirst()).hasValue("error: need --duration <= 604800 (seconds: 7 days), was"
                + " 604801.0");
        assertThat(run.err).doesNotContain("\tat ");
        assertThat(generate("--cars", "1", "--duration", "Infinity").code).isEqualTo(2);
        assertThat(dir.resolve("fleet")).doesNotExist();
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        // the check alone: generating them would take hours
        assertThatCode(() -> GeneratorLimits.check(1, 604_800, 4, GB)).doesNotThrowAnyException();
        assertThatCode(() -> GeneratorLimits.check(10_000, 120, 4, GB)).doesNotThrowAnyException();
        assertThatCode(() -> GeneratorLimits.check(20, 10.5, 0.1, GB)).doesNotThrowAnyException();
    }

    @Test
    void aFleetLargerThanHalfTheHeapIsRefusedWithTheHeapItNeeds() {
        // 10,000 cars x a day: 10,000 x (24 KB + 10 B/s x 86,400 s), about 8.4 GB, in a 4 GB heap
        assertThatThrownBy(() -> GeneratorLimits.check(10_000, 86_400, 4, 4 * GB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cars 10000 x --duration 86400: the cars need about 8474 MB of heap, and this JVM may use"
                        + " 4096 MB (half of it for them). Give it 17 GB (java -Xmx17g -jar replayer.jar generate ...)"
                        + " or use fewer cars, seconds or a shorter --tick");
        assertThatCode(() -> GeneratorLimits.check(10_000, 86_400, 4, 17 * GB)).doesNotThrowAnyException();
        // one car whose whole week is one partition: its rows, not the car, are what does not fit
        assertThatThrownBy(() -> GeneratorLimits.check(1, 604_800, 604_800, GB))
                .hasMessageStartingWith("--cars 1 x --duration 604800: the cars need about 4620 MB");
    }
}
