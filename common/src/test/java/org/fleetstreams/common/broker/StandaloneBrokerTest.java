package org.fleetstreams.common.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StandaloneBroker} as the scripts run it ({@code app/scale-out.sh}, {@code docs/spark-check/run.sh}): its own
 * JVM, the ready line they wait for, a clean stop on SIGTERM, and a bad port refused with exit code 2.
 */
class StandaloneBrokerTest {

    private static final Pattern READY = Pattern.compile("^Kafka broker ready on (localhost:\\d+) \\(Ctrl-C stops it\\)$");

    private static ProcessBuilder standalone(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StandaloneBroker.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    @Test
    void printsTheReadyLineServesClientsAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("broker");
        Process broker = standalone("0", logDir.toString()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyAddress(out));
            String bootstrap = ready.get(90, TimeUnit.SECONDS);
            CompletableFuture.runAsync(() -> drain(out)); // the broker's own log lines, until it exits
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }

            broker.destroy(); // SIGTERM, as the scripts' traps send it
            assertThat(broker.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
            assertThat(broker.exitValue()).as("the JVM's answer to SIGTERM after its shutdown hook ran").isEqualTo(143);
            assertThat(logDir.resolve("meta.properties")).as("the given log directory is kept").exists();
        } finally {
            broker.destroyForcibly();
        }
    }

    @Test
    void aPortOutOfRangeIsRefusedWithExitCodeTwo() throws Exception {
        Process refused = standalone("70000").start();
        String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(output).contains("error: PORT '70000': port must be 0 (any free port) to 65535, was 70000");
    }

    private static String readyAddress(BufferedReader out) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = READY.matcher(line);
                if (m.matches()) {
                    return m.group(1);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("the broker exited without its ready line");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the broker's log lines; read so that a full pipe never blocks it
            }
        } catch (IOException e) {
            // the process is gone
        }
    }
}
