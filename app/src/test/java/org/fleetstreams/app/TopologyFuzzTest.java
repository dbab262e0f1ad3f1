package org.fleetstreams.app;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.fleetstreams.common.FileTrees;
import org.junit.jupiter.api.Timeout;

/**
 * The whole topology fuzzed in a TopologyTestDriver: any sequence of records on either input, with any key, value and
 * timestamp, and wall-clock time passing between them. The properties are {@link BadInputRun}'s: no exception escapes
 * a processor, every record read is valid or dead-lettered with its reason, and the dead letters are the input's bytes.
 *
 * <p>An input is lines, one record each: {@code <topic><key>\t<timestamp>\t<value>}. The topic byte is {@code L}
 * (locations), {@code A} (accelerations) or {@code W} (no record: two idle seconds of wall-clock time pass); any
 * other byte picks by its lowest bit. A missing timestamp is 0, an empty value is a null value. The committed inputs
 * (src/test/resources/.../TopologyFuzzTestInputs/topology) are real records of data/sample in this form, a ride's
 * fixes and samples, plus a few known-bad ones; the fuzzer mutates them from there.
 *
 * <p>Regression mode (every {@code mvn test}) runs the committed inputs. Fuzzing, as in docs/reliability.md:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -pl app -am test -Dtest='TopologyFuzzTest' -Djazzer.max_duration=10m -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * A finding is written beside the committed inputs (crash-*): commit it once fixed, and it stays a regression test.
 */
class TopologyFuzzTest {

    private static final PerInputTimeout STUCK = new PerInputTimeout(Duration.ofSeconds(60));

    /**
     * Each input gets a new driver (stores in memory, see {@link BadInputRun#inMemory}): what one input does cannot
     * depend on what the fuzzer tried before it.
     */
    @FuzzTest(maxDuration = "20s")
    @Timeout(value = 1, unit = TimeUnit.DAYS) // the whole fuzzing run is one invocation; each input has STUCK's limit
    void topology(byte[] input) {
        STUCK.run(() -> {
            Path state = tempDir();
            try (BadInputRun run = BadInputRun.inMemory(state)) {
                for (byte[] line : lines(input)) {
                    pipe(run, line);
                }
                run.advanceWallClock(Duration.ofSeconds(10)); // lets readings-in-order release what it holds
                run.verify();
            } finally {
                delete(state);
            }
        });
    }

    private static void pipe(BadInputRun run, byte[] line) {
        if (line.length == 0) {
            return;
        }
        byte topic = line[0];
        if (topic == 'W') {
            run.advanceWallClock(Duration.ofSeconds(2));
            return;
        }
        boolean location = topic == 'L' || (topic != 'A' && (topic & 1) == 1);
        int keyEnd = indexOf(line, 1, (byte) '\t');
        int timeEnd = keyEnd < 0 ? -1 : indexOf(line, keyEnd + 1, (byte) '\t');
        String key = new String(line, 1, (keyEnd < 0 ? line.length : keyEnd) - 1, StandardCharsets.UTF_8);
        long timestamp = keyEnd < 0 ? 0 : parseLong(line, keyEnd + 1, timeEnd < 0 ? line.length : timeEnd);
        byte[] value = timeEnd < 0 || timeEnd + 1 == line.length ? null : Arrays.copyOfRange(line, timeEnd + 1, line.length);
        run.pipe(location, key, value, timestamp);
    }

    private static byte[][] lines(byte[] input) {
        int count = 1;
        for (byte b : input) {
            count += b == '\n' ? 1 : 0;
        }
        byte[][] lines = new byte[count][];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = indexOf(input, start, (byte) '\n');
            end = end < 0 ? input.length : end;
            lines[i] = Arrays.copyOfRange(input, start, end);
            start = end + 1;
        }
        return lines;
    }

    private static int indexOf(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static long parseLong(byte[] bytes, int from, int to) {
        try {
            return Long.parseLong(new String(bytes, from, to - from, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("topology-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        FileTrees.deleteQuietly(dir); // a temp dir: what stays must not hide the round's own failure
    }
}
